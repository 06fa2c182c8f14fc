import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { validateSwitchyardConfig } from '@switchyard/config';
import { type TopologyModel } from '@switchyard/messaging';
import { CliError } from '../cli-error';
import { EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import {
  applyTopology,
  assertValidTopology,
  diffTopology,
  exportDefinitions,
  loadTopologyModel,
  ManagementApi,
  maskUriPassword,
  planTopology,
  renderMermaid,
  type TopologyPlan,
} from '@switchyard/messaging/topology';

interface ModelOptions {
  model?: string;
  vhost?: string;
  userPrefix?: string;
  users?: boolean;
}

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);

function loadModel(opts: ModelOptions): TopologyModel {
  let model = EXAMPLE_TOPOLOGY;
  if (opts.model) {
    const loaded = loadTopologyModel(opts.model);
    if (typeof loaded === 'string') throw new CliError(loaded);
    model = loaded;
  }
  return opts.vhost ? { ...model, vhost: opts.vhost } : model;
}

/** Validates (printing warnings), then plans; without users and permissions under `--no-users`. */
function plan(opts: ModelOptions): TopologyPlan {
  const model = loadModel(opts);
  for (const w of assertValidTopology(model)) err(`warning: ${w.message}\n`);
  const p = planTopology(model, { userPrefix: opts.userPrefix });
  return opts.users === false ? { ...p, users: [], permissions: [] } : p;
}

function write(text: string, file: string | undefined): void {
  if (file) {
    writeFileSync(file, text);
    err(`wrote ${file}\n`);
  } else out(text);
}

function withModelOptions(cmd: Command, access = false): Command {
  cmd
    .option(
      '--model <file>',
      'a .ts, .js or .json file exporting a TopologyModel (default: the example topology)',
    )
    .option('--vhost <vhost>', "vhost of the domains that don't name their own (overrides the model's)");
  if (access) {
    cmd
      .option('--user-prefix <prefix>', 'prefix of the domain users (users are broker-wide)', '')
      .option('--no-users', 'leave users and permissions out');
  }
  return cmd;
}

/** `switchyard topology validate|apply|export|diff|graph`: the routing model, as code, against the broker. */
export function registerTopologyCommand(program: Command): void {
  const topology = program
    .command('topology')
    .description('declare, validate, apply, export, diff and draw the cross-domain routing model');

  withModelOptions(
    topology
      .command('validate')
      .description('check the model without touching the broker (exit 1 on errors)'),
  ).action((opts: ModelOptions) => {
    const p = plan(opts);
    out(
      `topology ok: ${p.exchanges.length} exchanges, ${p.queues.length} queues, ${p.bindings.length} bindings, ${p.users.length} users\n`,
    );
  });

  withModelOptions(
    topology
      .command('apply')
      .description('make the broker match the model (idempotent; exit 1 on conflicts or errors)'),
    true,
  ).action(async (opts: ModelOptions) => {
    const p = plan(opts);
    const cfg = validateSwitchyardConfig(process.env);
    const report = await applyTopology(p, {
      amqpUrl: cfg.AMQP_URL,
      management: new ManagementApi(cfg.RABBITMQ_MANAGEMENT_URL),
    });
    const counts: Record<string, number> = {};
    for (const i of report.items) {
      counts[i.outcome] = (counts[i.outcome] ?? 0) + 1;
      if (i.outcome === 'unchanged') continue;
      const where = i.vhost ? ` (vhost ${i.vhost})` : '';
      out(`${i.outcome.padEnd(9)} ${i.kind.padEnd(10)} ${i.name}${where}\n`);
      if (i.detail) out(`          ${maskUriPassword(i.detail)}\n`);
      if (i.migration) out(`          migrate: ${i.migration}\n`);
    }
    const summary = ['created', 'updated', 'unchanged', 'conflict', 'error']
      .map((k) => `${counts[k] ?? 0} ${k}`)
      .join(', ');
    out(`apply: ${summary}\n`);
    if (!report.ok)
      throw new CliError(`apply: ${counts['conflict'] ?? 0} conflict(s), ${counts['error'] ?? 0} error(s)`);
  });

  withModelOptions(
    topology
      .command('export')
      .description('write a RabbitMQ definitions.json (management UI or rabbitmqctl import_definitions)')
      .option('--out <file>', 'write to this file instead of stdout'),
    true,
  ).action((opts: ModelOptions & { out?: string }) => {
    const p = plan(opts);
    for (const u of p.users) {
      if (!process.env[u.passwordEnv])
        err(`warning: ${u.passwordEnv} unset: user "${u.name}" exported without a password\n`);
    }
    write(`${JSON.stringify(exportDefinitions(p), null, 2)}\n`, opts.out);
  });

  withModelOptions(
    topology
      .command('diff')
      .description(
        'compare the model with the live broker: missing, extra, different (exit 1 on differences)',
      ),
    true,
  ).action(async (opts: ModelOptions) => {
    const p = plan(opts);
    const cfg = validateSwitchyardConfig(process.env);
    const diff = await diffTopology(p, new ManagementApi(cfg.RABBITMQ_MANAGEMENT_URL), {
      includeAccess: opts.users !== false,
    });
    for (const i of diff.items) {
      const where = i.vhost ? ` (vhost ${i.vhost})` : '';
      out(
        `${i.change.padEnd(9)} ${i.kind.padEnd(10)} ${i.name}${where}${i.detail ? `: ${maskUriPassword(i.detail)}` : ''}\n`,
      );
    }
    if (!diff.empty)
      throw new CliError(`diff: ${diff.items.length} difference(s) between the model and the broker`);
    out('diff: the broker matches the model\n');
  });

  withModelOptions(
    topology
      .command('graph')
      .description('draw the routing as a Mermaid flowchart')
      .option('--out <file>', 'write to this file instead of stdout')
      .option('--markdown', 'wrap the diagram in a ```mermaid fence'),
  ).action((opts: ModelOptions & { out?: string; markdown?: boolean }) => {
    const mermaid = renderMermaid(plan(opts));
    write(opts.markdown ? `\`\`\`mermaid\n${mermaid}\`\`\`\n` : mermaid, opts.out);
  });
}
