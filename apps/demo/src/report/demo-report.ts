import type { CheckResult } from '../reconcile/reconcile-check';
import { FLOW_EVENT_TYPES } from '../reconcile/expected-reactions';
import type { DemoObservation } from '../run/demo-observation';
import { formatLatencies } from './percentiles';
import { notificationLines } from './notifications-report';
import { reactionLatencies } from './reaction-latencies';

/** What the report says besides the observation: where to look. */
export interface ReportContext {
  readonly managementUrl: string;
  readonly vhost: string;
  readonly database: string;
  readonly users: readonly string[];
  readonly apps: readonly string[];
  readonly auditQueue: string;
  readonly logDir: string;
  readonly rate: number;
}

/** Differences printed per failed check; the rest are counted. */
const MAX_DIFFERENCES = 10;

/** The demo's report as text lines (pure: the same observation, the same report). */
export function formatDemoReport(
  o: DemoObservation,
  checks: readonly CheckResult[],
  ctx: ReportContext,
): string[] {
  const lines: string[] = [];
  const row = (cells: readonly (string | number)[], widths: readonly number[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');

  lines.push(
    `Switchyard demo: ${o.orders.length} orders at ${ctx.rate}/s (load ${(o.loadMs / 1000).toFixed(1)} s, quiet after ${(o.settleMs / 1000).toFixed(1)} s more)`,
    `  apps: ${ctx.apps.join(', ')}`,
    '',
    'Commands',
  );
  const widths = [28, 9, 9, 8];
  lines.push(row(['  command', 'accepted', 'rejected', 'retries'], widths));
  for (const kind of ['place', 'replay', 'ship', 'cancel', 'ship-declined'] as const) {
    const of = o.commands.filter((c) => c.kind === kind);
    if (of.length === 0) continue;
    const accepted = of.filter((c) => c.status !== undefined && c.status < 300).length;
    const label = {
      place: 'POST /orders',
      replay: 'POST /orders (same key)',
      ship: 'POST /orders/:id/ship',
      cancel: 'POST /orders/:id/cancel',
      'ship-declined': 'ship a declined order',
    }[kind];
    lines.push(
      row([`  ${label}`, accepted, of.length - accepted, of.reduce((n, c) => n + c.attempts - 1, 0)], widths),
    );
  }
  const replayed = o.commands.filter((c) => c.replayed).length;
  const rejectedCodes = countBy(o.commands.filter((c) => c.code).map((c) => `${c.status} ${c.code}`));
  lines.push(`  replays answered 201 + Idempotent-Replayed: ${replayed}`);
  for (const [code, n] of rejectedCodes) lines.push(`  rejected ${code}: ${n}`);

  lines.push('', 'Events stored, per type');
  const byType = countBy(o.storedEvents.map((e) => e.type));
  const types = [
    ...FLOW_EVENT_TYPES,
    ...[...byType.keys()].filter((t) => !(FLOW_EVENT_TYPES as readonly string[]).includes(t)),
  ];
  for (const t of types) lines.push(row([`  ${t}`, byType.get(t) ?? 0], [28, 9]));
  lines.push(row(['  total', o.storedEvents.length], [28, 9]));

  const distinct = new Set(o.publishedMessageIds).size;
  lines.push(
    '',
    `Events published: ${distinct} (seen on ${ctx.auditQueue}, bound with # to every domain exchange; ${o.publishedMessageIds.length - distinct} duplicate copies)`,
    `  commits dispatched: ${o.commits - o.undispatchedCommits} of ${o.commits}`,
    '',
    'Deliveries per queue during the run',
  );
  const qWidths = [36, 10, 10, 12, 6];
  lines.push(row(['  queue', 'published', 'delivered', 'redelivered', 'left'], qWidths));
  for (const q of o.queues.filter((x) => x.published + x.delivered + x.ready + x.unacked > 0)) {
    lines.push(row([`  ${q.name}`, q.published, q.delivered, q.redelivered, q.ready + q.unacked], qWidths));
  }
  const retries = o.queues.filter((q) => q.name.includes('.retry.')).reduce((n, q) => n + q.published, 0);
  lines.push(`  retries (messages sent to a retry tier): ${retries}`);

  const appConnections = countBy(
    o.connections.filter((c) => c.name !== o.operatorConnectionName).map((c) => `${c.user}: ${c.name}`),
  );
  lines.push('', 'App connections to the vhost (user: connection name)');
  for (const [c, n] of [...appConnections].sort()) lines.push(`  ${c}${n > 1 ? ` ×${n}` : ''}`);

  lines.push('', 'Dead letters, per queue and reason');
  if (o.deadLetters.length === 0) lines.push('  none');
  for (const d of o.deadLetters) lines.push(`  ${d.queue}  ${d.reason}: ${d.count}`);

  lines.push('', ...notificationLines(o));

  lines.push('', 'Command → reaction visible in the store (p50 / p99 / n)');
  for (const { hop, ms } of reactionLatencies(o.storedEvents)) {
    lines.push(`  ${hop.label}: ${formatLatencies(ms)}`);
  }

  lines.push('', ...projectionLines(o));

  lines.push(
    '',
    `Look at it: ${ctx.managementUrl}/#/queues/${encodeURIComponent(ctx.vhost)} (vhost "${ctx.vhost}", log in as guest)`,
    `  exchanges orders.events, payments.events; queues payments.orders, orders.payments, notifications.push, notifications.sms, notifications.contacts, reporting.projections.p0–p3, their .retry.* and .dlq (the dead letters: Get messages), ${ctx.auditQueue}`,
    `  users ${ctx.users.join(', ')} (least privilege: Admin → Users); connections named after the apps`,
    `  database "${ctx.database}": commits (the events), notifications_sent (the workers' records), provider_fake_accepted (what the provider accepted), ${o.projections.map((p) => p.collection ?? p.name).join(', ') || 'no read models'} (the read models); the apps' logs in ${ctx.logDir}/`,
    '',
    'Reconciliation',
  );
  for (const c of checks) {
    lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.summary}`);
    for (const d of c.differences.slice(0, MAX_DIFFERENCES)) lines.push(`         ${d}`);
    if (c.differences.length > MAX_DIFFERENCES)
      lines.push(`         … and ${c.differences.length - MAX_DIFFERENCES} more`);
  }
  const ok = checks.every((c) => c.ok);
  lines.push(
    '',
    ok
      ? 'RECONCILED: every count matches'
      : `NOT RECONCILED: ${checks
          .filter((c) => !c.ok)
          .map((c) => c.name)
          .join('; ')}`,
  );
  return lines;
}

/** The projections at the end (lag, documents) and how long a command took to show in a read model. */
function projectionLines(o: DemoObservation): string[] {
  if (o.projections.length === 0) return ['Projections: none in this run'];
  const lines = ['Projections at the end (lag after the run was quiet)'];
  for (const p of o.projections)
    lines.push(
      `  ${p.name.padEnd(22)} ${p.state.padEnd(11)} ${(p.collection ?? '-').padEnd(26)} position ${p.position} of ${p.head}, lag ${p.lagEvents} events / ${p.lagSeconds.toFixed(1)} s, ${p.documents} documents`,
    );
  const l = o.readModelLatencies;
  if (l) {
    lines.push('', `Command → read model visible (p50 / p99 / n; ${l.source})`);
    for (const kind of ['place', 'ship', 'cancel'] as const) {
      const ms = l.byKind[kind];
      if (ms) lines.push(`  ${kind} → order summary shows it: ${formatLatencies(ms)}`);
    }
    if (l.neverSeen > 0) lines.push(`  never visible before the run was quiet: ${l.neverSeen}`);
  }
  return lines;
}

function countBy(values: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}
