import { DEFAULT_VHOST } from '../messaging.constants';
import type { PlannedExchange, PlannedQueue, TopologyPlan } from './topology-plan.model';

/**
 * Renders a plan as a Mermaid flowchart: one box per domain (and vhost), its exchange (hexagon) and queues
 * (cylinders); solid arrows for bindings labelled with their patterns; dotted arrows for the unroutable,
 * retry (TTL, back to the queue) and dead-letter paths; thick arrows for federation and shovel links.
 * A consumer's retry tiers are drawn as one node, so the graph stays readable.
 */
export function renderMermaid(plan: TopologyPlan): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
  const node = (kind: string) => (vhost: string, name: string) =>
    `${kind}_${vhost === DEFAULT_VHOST ? '' : `${clean(vhost)}__`}${clean(name)}`;
  const xid = node('x');
  const qid = node('q');
  const gid = node('d');
  const domainOf = (name: string) => name.split('.')[0]!;
  const groups = new Map<string, string[]>();
  const place = (vhost: string, name: string, node: string) => {
    const key = `${domainOf(name)}\u0000${vhost}`;
    groups.set(key, [...(groups.get(key) ?? []), node]);
  };
  const lines: string[] = [];

  for (const x of plan.exchanges) place(x.vhost, x.name, exchangeNode(xid(x.vhost, x.name), x));
  const retries = new Map<string, PlannedQueue[]>();
  for (const q of plan.queues) {
    if (q.role === 'retry')
      retries.set(`${q.vhost}\u0000${q.owner}`, [...(retries.get(`${q.vhost}\u0000${q.owner}`) ?? []), q]);
    else place(q.vhost, q.name, queueNode(qid(q.vhost, q.name), q));
  }
  for (const [key, tiers] of retries) {
    const [vhost, owner] = key.split('\u0000') as [string, string];
    const delays = tiers.map((t) => t.name.slice(`${owner}.retry.`.length)).join(', ');
    place(
      vhost,
      owner,
      `${qid(vhost, `${owner}.retry`)}[("${owner}.retry.*<br/><small>TTL ${delays}</small>")]`,
    );
  }

  lines.push('flowchart LR');
  for (const [key, nodes] of groups) {
    const [domain, vhost] = key.split('\u0000') as [string, string];
    const label = vhost === DEFAULT_VHOST ? domain : `${domain} @ vhost ${vhost}`;
    lines.push(`  subgraph ${gid(vhost, domain)}["${label}"]`, ...nodes.map((n) => `    ${n}`), '  end');
  }

  // Bindings, one arrow per (source, destination) with all its patterns.
  const edges = new Map<string, string[]>();
  for (const b of plan.bindings) {
    const to = b.destinationType === 'queue' ? qid(b.vhost, b.destination) : xid(b.vhost, b.destination);
    const key = `${xid(b.vhost, b.source)} ${to}`;
    edges.set(key, [...(edges.get(key) ?? []), b.routingKey]);
  }
  const alternates = new Set(
    plan.exchanges.filter((x) => x.role === 'alternate').map((x) => xid(x.vhost, x.name)),
  );
  const hashes = new Set(
    plan.exchanges.filter((x) => x.role === 'partitions').map((x) => xid(x.vhost, x.name)),
  );
  for (const [key, keys] of edges) {
    const [from, to] = key.split(' ') as [string, string];
    if (alternates.has(from)) lines.push(`  ${from} --> ${to}`);
    else if (hashes.has(from)) lines.push(`  ${from} -- "hash x-stream" --> ${to}`);
    else lines.push(`  ${from} -- "${keys.map((k) => k.replace(/#/g, '#35;')).join('<br/>')}" --> ${to}`);
  }
  for (const x of plan.exchanges.filter((e) => e.role === 'events')) {
    const alt = x.arguments['alternate-exchange'];
    if (typeof alt === 'string')
      lines.push(`  ${xid(x.vhost, x.name)} -. "unroutable" .-> ${xid(x.vhost, alt)}`);
  }
  for (const q of plan.queues) {
    const dlq = q.arguments['x-dead-letter-routing-key'];
    if (q.role === 'consumer' || q.role === 'partition') {
      if (typeof dlq === 'string')
        lines.push(`  ${qid(q.vhost, q.name)} -. "dead-letter" .-> ${qid(q.vhost, dlq)}`);
      const retryKey = `${q.vhost}\u0000${q.owner}`;
      if (q.role === 'consumer' && retries.has(retryKey)) {
        const r = qid(q.vhost, `${q.owner}.retry`);
        lines.push(
          `  ${qid(q.vhost, q.name)} -. "retry" .-> ${r}`,
          `  ${r} -. "TTL expired" .-> ${qid(q.vhost, q.name)}`,
        );
      }
    }
  }
  for (const p of plan.parameters) {
    const exchange = String(p.value['exchange'] ?? p.value['dest-exchange']);
    const kind = p.component === 'shovel' ? 'shovel' : 'federation';
    const from = plan.exchanges.find((x) => x.name === exchange && x.vhost !== p.vhost);
    if (from) lines.push(`  ${xid(from.vhost, exchange)} == "${kind}" ==> ${xid(p.vhost, exchange)}`);
    else
      lines.push(
        `  ${xid(p.vhost, `${exchange}.remote`)}{{"${exchange} (remote)"}} == "${kind}" ==> ${xid(p.vhost, exchange)}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

function exchangeNode(node: string, x: PlannedExchange): string {
  return `${node}{{"${x.name}<br/><small>${x.type}</small>"}}`;
}

function queueNode(node: string, q: PlannedQueue): string {
  const type = q.arguments['x-queue-type'];
  const notes = [String(type ?? ''), q.arguments['x-single-active-consumer'] ? 'single active' : ''].filter(
    Boolean,
  );
  return `${node}[("${q.name}<br/><small>${notes.join(', ')}</small>")]`;
}
