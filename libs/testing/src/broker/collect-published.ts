import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { HEADERS } from '@switchyard/messaging';
import { waitFor } from '../waiting/wait-for';

/** One message seen on the collecting queue. */
export interface PublishedMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly messageId: string;
  readonly type?: string;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly stream?: string;
  readonly revision?: number;
  readonly body: unknown;
}

/** What to look for: a routing key, or any condition on a message. */
export type PublishedMatcher = string | ((m: PublishedMessage) => boolean);

/** Every message published to some domains' exchanges, as it happens, every copy kept. */
export interface PublishedCollector {
  /** What arrived so far, in order, duplicates included. */
  messages(): readonly PublishedMessage[];
  /** Waits until `count` messages match (default 1) and resolves them; fails saying what is missing. */
  expectPublished(
    matcher: PublishedMatcher,
    options?: { count?: number; timeoutMs?: number },
  ): Promise<PublishedMessage[]>;
  close(): Promise<void>;
}

/**
 * Binds a fresh exclusive queue with `#` to `<domain>.events` of each domain (declared already, by the
 * topology) and records everything that arrives, so a test can assert on what a service published (and count copies where duplicates matter).
 * Close it in `afterEach`/`afterAll`.
 */
export async function collectPublished(
  amqpUrl: string,
  domains: readonly string[],
): Promise<PublishedCollector> {
  const conn: ChannelModel = await amqp.connect(amqpUrl);
  const seen: PublishedMessage[] = [];
  try {
    conn.on('error', () => undefined);
    const ch: Channel = await conn.createChannel();
    ch.on('error', () => undefined);
    const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
    for (const domain of domains) {
      // The exchanges are the topology's: checked, not declared (a declaration would have to repeat
      // their arguments exactly).
      await ch.checkExchange(`${domain}.events`).catch((err: unknown) => {
        throw new Error(
          `collectPublished: exchange ${domain}.events does not exist in this vhost; declare the topology first (${(err as Error).message})`,
        );
      });
      await ch.bindQueue(queue, `${domain}.events`, '#');
    }
    await ch.consume(
      queue,
      (m) => {
        if (!m) return;
        const headers = (m.properties.headers ?? {}) as Record<string, unknown>;
        let body: unknown;
        try {
          body = JSON.parse(m.content.toString());
        } catch {
          body = m.content.toString();
        }
        seen.push({
          exchange: m.fields.exchange,
          routingKey: m.fields.routingKey,
          messageId: String(m.properties.messageId ?? ''),
          type: m.properties.type as string | undefined,
          headers,
          stream:
            typeof headers[HEADERS.stream] === 'string' ? (headers[HEADERS.stream] as string) : undefined,
          revision:
            typeof headers[HEADERS.revision] === 'number' ? (headers[HEADERS.revision] as number) : undefined,
          body,
        });
      },
      { noAck: true },
    );
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw err;
  }
  const matches = (matcher: PublishedMatcher) => (m: PublishedMessage) =>
    typeof matcher === 'string' ? m.routingKey === matcher : matcher(m);
  return {
    messages: () => [...seen],
    async expectPublished(matcher, options = {}) {
      const count = options.count ?? 1;
      const what =
        typeof matcher === 'string'
          ? `${count} message(s) with routing key ${matcher}`
          : `${count} matching message(s)`;
      return waitFor(
        () => {
          const found = seen.filter(matches(matcher));
          return found.length >= count ? found : undefined;
        },
        { what: `${what} (seen: ${seen.length})`, timeoutMs: options.timeoutMs ?? 10_000 },
      );
    },
    close: () => conn.close().catch(() => undefined),
  };
}
