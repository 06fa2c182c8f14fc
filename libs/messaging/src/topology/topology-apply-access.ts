import type { ManagementApi } from '../management/management-api';
import { argumentDifferences, describeDifferences } from './broker-arguments';
import { maskUriPassword, resolvePlaceholders } from './env-placeholders';
import { matchesRabbitPasswordHash, rabbitPasswordHash } from './password-hash';
import type { PlannedParameter, TopologyPlan } from './topology-plan.model';
import type { ApplyItem } from './topology-report.model';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Users, permissions, link parameters and policies, through the management API. A user is created from
 * its password's hash (the password itself never travels); a user whose password variable is unset is
 * left as it is if it exists, and reported as an error if it does not.
 */
export async function applyAccess(
  plan: TopologyPlan,
  mgmt: ManagementApi,
  env: Env,
  items: ApplyItem[],
): Promise<void> {
  const failedUsers = new Set<string>();
  for (const u of plan.users) {
    const password = env[u.passwordEnv];
    const existing = await mgmt.getUser(u.name);
    if (!password) {
      if (existing)
        items.push({
          kind: 'user',
          name: u.name,
          outcome: 'unchanged',
          detail: `${u.passwordEnv} unset: password not checked`,
        });
      else {
        failedUsers.add(u.name);
        items.push({
          kind: 'user',
          name: u.name,
          outcome: 'error',
          detail: `set ${u.passwordEnv} to create user "${u.name}"`,
        });
      }
      continue;
    }
    if (existing && matchesRabbitPasswordHash(password, existing.password_hash)) {
      items.push({ kind: 'user', name: u.name, outcome: 'unchanged' });
      continue;
    }
    await mgmt.putUser(u.name, rabbitPasswordHash(password), tagsOf(existing?.tags));
    items.push({
      kind: 'user',
      name: u.name,
      outcome: existing ? 'updated' : 'created',
      detail: existing ? 'password changed' : undefined,
    });
  }
  for (const p of plan.permissions) {
    if (failedUsers.has(p.user)) continue;
    const name = `${p.user}@${p.vhost}`;
    const wanted = { configure: p.configure, write: p.write, read: p.read };
    const existing = await mgmt.getPermission(p.vhost, p.user);
    const diffs = existing
      ? argumentDifferences(wanted, {
          configure: existing.configure,
          write: existing.write,
          read: existing.read,
        })
      : [];
    if (existing && diffs.length === 0) {
      items.push({ kind: 'permission', vhost: p.vhost, name, outcome: 'unchanged' });
      continue;
    }
    await mgmt.putPermission(p.vhost, p.user, wanted);
    items.push({
      kind: 'permission',
      vhost: p.vhost,
      name,
      outcome: existing ? 'updated' : 'created',
      detail: existing ? describeDifferences(diffs) : undefined,
    });
  }
  for (const p of plan.parameters) await applyParameter(p, mgmt, env, items);
  for (const p of plan.policies) {
    const existing = (await mgmt.listPolicies(p.vhost)).find((x) => x.name === p.name);
    const wanted = {
      pattern: p.pattern,
      'apply-to': p.applyTo,
      priority: p.priority,
      definition: p.definition,
    };
    const diffs = existing
      ? argumentDifferences(wanted, {
          pattern: existing.pattern,
          'apply-to': existing['apply-to'],
          priority: existing.priority,
          definition: existing.definition,
        })
      : [];
    if (existing && diffs.length === 0) {
      items.push({ kind: 'policy', vhost: p.vhost, name: p.name, outcome: 'unchanged' });
      continue;
    }
    await mgmt.putPolicy(p.vhost, p.name, wanted);
    items.push({ kind: 'policy', vhost: p.vhost, name: p.name, outcome: existing ? 'updated' : 'created' });
  }
}

/** A link's value with its `${VAR}` placeholders resolved, or the variables that are missing. */
export function resolveParameterValue(
  p: PlannedParameter,
  env: Env,
): { value: Record<string, string | number | boolean>; missing: string[] } {
  const value: Record<string, string | number | boolean> = {};
  const missing: string[] = [];
  for (const [k, v] of Object.entries(p.value)) {
    if (typeof v !== 'string') {
      value[k] = v;
      continue;
    }
    const r = resolvePlaceholders(v, env);
    value[k] = r.value;
    missing.push(...r.missing);
  }
  return { value, missing };
}

async function applyParameter(
  p: PlannedParameter,
  mgmt: ManagementApi,
  env: Env,
  items: ApplyItem[],
): Promise<void> {
  const { value, missing } = resolveParameterValue(p, env);
  const base = { kind: 'parameter' as const, vhost: p.vhost, name: `${p.component}/${p.name}` };
  if (missing.length > 0) {
    items.push({ ...base, outcome: 'error', detail: `set ${missing.join(', ')} (used in the link URI)` });
    return;
  }
  const existing = (await mgmt.listParameters(p.component, p.vhost)).find((x) => x.name === p.name);
  const diffs = existing ? argumentDifferences(value, existing.value) : [];
  if (existing && diffs.length === 0) {
    items.push({ ...base, outcome: 'unchanged' });
    return;
  }
  await mgmt.putParameter(p.component, p.vhost, p.name, value);
  items.push({
    ...base,
    outcome: existing ? 'updated' : 'created',
    detail: existing ? maskUriPassword(describeDifferences(diffs)) : undefined,
  });
}

function tagsOf(tags: string | readonly string[] | undefined): string {
  if (tags === undefined) return '';
  return typeof tags === 'string' ? tags : tags.join(',');
}
