import type { ManagementApi } from '../management/management-api';
import { argumentDifferences, describeDifferences } from './broker-arguments';
import { maskUriPassword } from './env-placeholders';
import { resolveParameterValue } from './topology-apply-access';
import type { TopologyPlan } from './topology-plan.model';
import { bindingLabel, type DiffItem, type TopologyDiff } from './topology-report.model';

export interface DiffOptions {
  /**
   * Compare users and permissions too. Off when comparing a vhost filled by a vhost-scoped definitions
   * import, which RabbitMQ applies without users and permissions. @default true
   */
  readonly includeAccess?: boolean;
  /** Resolves `${VAR}` placeholders in link URIs before comparing. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Objects the broker or its plugins make for themselves, never part of a model. */
const isBrokerOwned = (name: string) =>
  name === '' || name.startsWith('amq.') || name.startsWith('federation:');

/**
 * Compares a plan with a live broker through the management API: planned objects that are missing,
 * objects in the plan's vhosts that the model does not declare (extra), and objects whose type, arguments,
 * permissions, policy or link value differ. Link URIs are compared with passwords masked.
 */
export async function diffTopology(
  plan: TopologyPlan,
  mgmt: ManagementApi,
  options: DiffOptions = {},
): Promise<TopologyDiff> {
  const items: DiffItem[] = [];
  for (const vhost of plan.vhosts) {
    if (!(await mgmt.vhostExists(vhost))) {
      items.push({ change: 'missing', kind: 'vhost', name: vhost });
      continue;
    }
    const [exchanges, queues, bindings, policies] = await Promise.all([
      mgmt.listExchanges(vhost),
      mgmt.listQueues(vhost),
      mgmt.listBindings(vhost),
      mgmt.listPolicies(vhost),
    ]);
    compare(
      items,
      'exchange',
      vhost,
      plan.exchanges
        .filter((x) => x.vhost === vhost)
        .map((x) => ({
          name: x.name,
          value: { type: x.type, durable: true, ...x.arguments },
        })),
      exchanges
        .filter((x) => !isBrokerOwned(x.name))
        .map((x) => ({
          name: x.name,
          value: { type: x.type, durable: x.durable, ...x.arguments },
        })),
    );
    compare(
      items,
      'queue',
      vhost,
      plan.queues
        .filter((q) => q.vhost === vhost)
        .map((q) => ({ name: q.name, value: { durable: true, ...q.arguments } })),
      queues
        .filter((q) => !isBrokerOwned(q.name))
        .map((q) => ({
          name: q.name,
          value: { durable: q.durable, 'x-queue-type': q.type ?? 'classic', ...q.arguments },
        })),
    );
    compare(
      items,
      'binding',
      vhost,
      plan.bindings.filter((b) => b.vhost === vhost).map((b) => ({ name: bindingLabel(b), value: {} })),
      bindings
        .filter((b) => !isBrokerOwned(b.source) && !isBrokerOwned(b.destination))
        .map((b) => ({ name: bindingLabel({ ...b, routingKey: b.routing_key }), value: {} })),
    );
    compare(
      items,
      'policy',
      vhost,
      plan.policies
        .filter((p) => p.vhost === vhost)
        .map((p) => ({
          name: p.name,
          value: {
            pattern: p.pattern,
            'apply-to': p.applyTo,
            priority: p.priority,
            definition: p.definition,
          },
        })),
      policies.map((p) => ({
        name: p.name,
        value: {
          pattern: p.pattern,
          'apply-to': p['apply-to'],
          priority: p.priority,
          definition: p.definition,
        },
      })),
    );
    for (const component of ['federation-upstream', 'shovel'] as const) {
      const actual = await mgmt.listParameters(component, vhost);
      compare(
        items,
        'parameter',
        vhost,
        plan.parameters
          .filter((p) => p.vhost === vhost && p.component === component)
          .map((p) => ({
            name: `${component}/${p.name}`,
            value: masked(resolveParameterValue(p, options.env ?? process.env).value),
          })),
        actual.map((p) => ({ name: `${component}/${p.name}`, value: masked(p.value) })),
      );
    }
  }
  if (options.includeAccess ?? true) await diffAccess(plan, mgmt, items);
  return { items, empty: items.length === 0 };
}

async function diffAccess(plan: TopologyPlan, mgmt: ManagementApi, items: DiffItem[]): Promise<void> {
  for (const u of plan.users) {
    if (!(await mgmt.getUser(u.name))) items.push({ change: 'missing', kind: 'user', name: u.name });
  }
  for (const p of plan.permissions) {
    const name = `${p.user}@${p.vhost}`;
    const actual = await mgmt.getPermission(p.vhost, p.user);
    if (!actual) {
      items.push({ change: 'missing', kind: 'permission', vhost: p.vhost, name });
      continue;
    }
    const differences = argumentDifferences(
      { configure: p.configure, write: p.write, read: p.read },
      { configure: actual.configure, write: actual.write, read: actual.read },
    );
    if (differences.length > 0) {
      items.push({
        change: 'different',
        kind: 'permission',
        vhost: p.vhost,
        name,
        differences,
        detail: describeDifferences(differences),
      });
    }
  }
}

function masked(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? maskUriPassword(v) : v]),
  );
}

function compare(
  items: DiffItem[],
  kind: DiffItem['kind'],
  vhost: string,
  planned: { name: string; value: Record<string, unknown> }[],
  actual: { name: string; value: Record<string, unknown> }[],
): void {
  const byName = new Map(actual.map((a) => [a.name, a]));
  const plannedNames = new Set(planned.map((p) => p.name));
  for (const p of planned) {
    const a = byName.get(p.name);
    if (!a) {
      items.push({ change: 'missing', kind, vhost, name: p.name });
      continue;
    }
    const differences = argumentDifferences(p.value, a.value);
    if (differences.length > 0) {
      items.push({
        change: 'different',
        kind,
        vhost,
        name: p.name,
        differences,
        detail: describeDifferences(differences),
      });
    }
  }
  for (const a of actual) {
    if (!plannedNames.has(a.name)) items.push({ change: 'extra', kind, vhost, name: a.name });
  }
}
