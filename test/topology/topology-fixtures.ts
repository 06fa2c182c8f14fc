import { topologyNames, type TopologyModel } from '@switchyard/messaging';
import { testConfig, waitFor } from '@switchyard/testing';
import { EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import { ManagementApi, planTopology, type TopologyPlan } from '@switchyard/messaging/topology';

/** The example topology on one test vhost, with users prefixed by the vhost name (users are broker-wide). */
export function examplePlan(vhost: string, model: TopologyModel = EXAMPLE_TOPOLOGY): TopologyPlan {
  return planTopology({ ...model, vhost }, { userPrefix: `${vhost}_` });
}

/** A password per domain user, as the environment would hold them. */
export function passwordsEnv(model: TopologyModel = EXAMPLE_TOPOLOGY): Record<string, string> {
  return Object.fromEntries(
    model.domains.map((d) => [topologyNames.passwordEnv(d.name), `pw-${d.name}-test`]),
  );
}

export function management(): ManagementApi {
  return new ManagementApi(testConfig().RABBITMQ_MANAGEMENT_URL);
}

/** Removes the users a plan created (they outlive vhosts). */
export async function deleteUsers(plan: TopologyPlan | undefined): Promise<void> {
  if (!plan) return;
  const mgmt = management();
  for (const u of plan.users) await mgmt.deleteUser(u.name);
}

/**
 * Drains a queue by consuming what it holds right now (basic.get is refused on single-active-consumer
 * quorum queues), returning the routing keys, or the messages with `full`.
 */
export async function drain(ch: import('amqplib').Channel, queue: string): Promise<string[]> {
  return (await drainMessages(ch, queue)).map((m) => m.fields.routingKey);
}

export async function drainMessages(
  ch: import('amqplib').Channel,
  queue: string,
): Promise<import('amqplib').ConsumeMessage[]> {
  const { messageCount } = await ch.checkQueue(queue);
  if (messageCount === 0) return [];
  const got: import('amqplib').ConsumeMessage[] = [];
  const { consumerTag } = await ch.consume(queue, (m) => void (m && got.push(m)), { noAck: true });
  try {
    await waitFor(() => got.length >= messageCount, {
      what: `the ${messageCount} message(s) the broker counts on ${queue}`,
      timeoutMs: 5_000,
    });
  } finally {
    await ch.cancel(consumerTag);
  }
  return got;
}
