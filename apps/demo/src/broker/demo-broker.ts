import { amqpUrlWithVhost } from '@switchyard/config';
import { EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import { topologyNames } from '@switchyard/messaging';
import {
  applyTopology,
  bindingLabel,
  ManagementApi,
  planTopology,
  type ManagedBinding,
  type ManagedQueue,
  type TopologyPlan,
} from '@switchyard/messaging/topology';
import amqp from 'amqplib';
import { AUDIT_QUEUE, DEMO_CONNECTION_NAME } from '../demo.constants';
import { DemoSetupError } from '../errors/demo-setup.error';

/** Where the demo's broker objects live and who applies them (an operator: the management URL's user). */
export interface DemoBrokerTarget {
  readonly amqpUrl: string;
  readonly managementUrl: string;
  readonly vhost: string;
  readonly userPrefix: string;
}

/** The example topology in the demo's vhost, with the demo's user names. */
export function demoPlan(target: Pick<DemoBrokerTarget, 'vhost' | 'userPrefix'>): TopologyPlan {
  return planTopology({ ...EXAMPLE_TOPOLOGY, vhost: target.vhost }, { userPrefix: target.userPrefix });
}

/**
 * Makes the broker ready for a run: the vhost, the example topology with a least-privilege user per
 * domain (created or given this run's password, sent as a hash), bindings the model no longer declares
 * removed (apply only adds: a vhost left by a run of an older model would still route, say, SMS events to
 * the push queue), every queue of the vhost purged (a run starts from nothing, as its database does), and
 * the audit queue bound with `#` to every domain exchange. `env` carries the passwords under the users'
 * password variables.
 * @throws DemoSetupError naming what apply reported as a conflict or an error
 */
export async function prepareBroker(
  target: DemoBrokerTarget,
  plan: TopologyPlan,
  env: Readonly<Record<string, string>>,
): Promise<void> {
  const management = new ManagementApi(target.managementUrl);
  if (!(await management.vhostExists(target.vhost)))
    await management.createVhost(target.vhost, management.username);
  const report = await applyTopology(plan, { amqpUrl: target.amqpUrl, management, env });
  if (!report.ok) {
    const bad = report.items.filter((i) => i.outcome === 'conflict' || i.outcome === 'error');
    throw new DemoSetupError(
      `topology apply on vhost "${target.vhost}" failed: ${bad.map((i) => `${i.kind} ${i.name}: ${i.outcome}${i.detail ? ` (${i.detail})` : ''}`).join('; ')}`,
    );
  }
  const conn = await amqp.connect(amqpUrlWithVhost(target.amqpUrl, target.vhost), {
    clientProperties: { connection_name: DEMO_CONNECTION_NAME },
  });
  try {
    const ch = await conn.createChannel();
    for (const b of staleBindings(plan, await management.listBindings(target.vhost))) {
      if (b.destination_type === 'queue')
        await ch.unbindQueue(b.destination, b.source, b.routing_key, b.arguments);
      else await ch.unbindExchange(b.destination, b.source, b.routing_key, b.arguments);
    }
    for (const q of await management.listQueues(target.vhost)) await ch.purgeQueue(q.name);
    await ch.assertQueue(AUDIT_QUEUE, { durable: true, arguments: { 'x-queue-type': 'classic' } });
    await ch.purgeQueue(AUDIT_QUEUE);
    for (const d of EXAMPLE_TOPOLOGY.domains.filter((x) => x.publishes.length > 0)) {
      await ch.bindQueue(AUDIT_QUEUE, topologyNames.exchange(d.name), '#');
    }
  } finally {
    await conn.close();
  }
}

/**
 * The vhost's bindings between the model's objects that the plan does not declare (the broker's own,
 * from the default exchange, and the demo's audit queue aside).
 */
export function staleBindings(plan: TopologyPlan, bindings: readonly ManagedBinding[]): ManagedBinding[] {
  const planned = new Set(plan.bindings.map(bindingLabel));
  return bindings.filter(
    (b) =>
      b.source !== '' &&
      !b.source.startsWith('amq.') &&
      b.destination !== AUDIT_QUEUE &&
      !planned.has(bindingLabel({ ...b, routingKey: b.routing_key })),
  );
}

/** The vhost's queues as the management API lists them (with their message stats). */
export async function listDemoQueues(target: DemoBrokerTarget): Promise<ManagedQueue[]> {
  return new ManagementApi(target.managementUrl).listQueues(target.vhost);
}

/** Removes what the demo created on the broker: its vhost (with every queue and exchange) and its users. */
export async function cleanBroker(target: DemoBrokerTarget, plan: TopologyPlan): Promise<string[]> {
  const management = new ManagementApi(target.managementUrl);
  const removed: string[] = [];
  if (await management.vhostExists(target.vhost)) {
    await management.deleteVhost(target.vhost);
    removed.push(`vhost ${target.vhost}`);
  }
  for (const u of plan.users) {
    if (await management.getUser(u.name)) {
      await management.deleteUser(u.name);
      removed.push(`user ${u.name}`);
    }
  }
  return removed;
}
