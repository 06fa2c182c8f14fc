import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import amqp, { type ChannelModel, type ConfirmChannel, type GetMessage, type ConsumeMessage } from 'amqplib';
import type { ManagedTestDatabase, ManagedTestVhost } from '@switchyard/testing';
import { ApiModule } from '../src/api.module';
import type { ApiModuleOptions } from '../src/core/api-settings';
import { configureApi } from '../src/configure-api';
import { EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import { declareTopology } from '@switchyard/messaging/topology';
import { waitFor } from '@switchyard/testing';

/** An in-process API on a test vhost and database, as `main.ts` builds it (same module, same filter). */
export async function startApi(
  vhost: ManagedTestVhost,
  t: ManagedTestDatabase,
  relayHolder?: string,
  overrides: { readonly amqpUrl?: string; readonly logging?: ApiModuleOptions['logging'] } = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ApiModule.forRoot({
        amqpUrl: overrides.amqpUrl ?? vhost.amqpUrl,
        mongoUrl: t.mongoUrl,
        database: t.name,
        relay: { sweepIntervalMs: 200, holder: relayHolder },
        // pino-http would print a line per request (4xx ones as warnings): only failures here.
        logging: overrides.logging ?? { level: 'error' },
      }),
    ],
  }).compile();
  const app = configureApi(moduleRef.createNestApplication({ logger: ['error', 'warn'] }));
  await app.init();
  return app;
}

/** One message read from a queue: its type and correlation id properties, headers and JSON body. */
export interface ReadMessage {
  readonly type: string | undefined;
  readonly correlationId: string | undefined;
  readonly headers: Record<string, unknown>;
  readonly body: Record<string, unknown>;
}

/**
 * Declares consumer queues of the example topology in the vhost (as their consuming apps would) and reads
 * them with `basic.get`, acking what it reads.
 */
export class QueueReader {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
  ) {}

  static async open(vhost: ManagedTestVhost, queues: readonly string[]): Promise<QueueReader> {
    const connection = await amqp.connect(vhost.amqpUrl);
    const channel = await connection.createConfirmChannel();
    await declareTopology(channel, EXAMPLE_TOPOLOGY, { consumers: queues });
    return new QueueReader(connection, channel);
  }

  /** Waits until `count` messages were read from the queue (or fails after `timeoutMs`). */
  async read(queue: string, count: number, timeoutMs = 15_000): Promise<ReadMessage[]> {
    const out: ReadMessage[] = [];
    await waitFor(
      async () => {
        for (;;) {
          const msg = await this.channel.get(queue, { noAck: true });
          if (msg === false) break;
          out.push(toReadMessage(msg));
        }
        return out.length >= count;
      },
      { what: `${count} message(s) on ${queue}`, timeoutMs: timeoutMs },
    );
    return out;
  }

  /**
   * Consumes `queue` (auto-ack) into the returned array, which grows as messages arrive, in queue order;
   * for queues `basic.get` cannot read (quorum queues with single-active-consumer).
   */
  async subscribe(queue: string): Promise<ReadMessage[]> {
    const out: ReadMessage[] = [];
    await this.channel.consume(queue, (msg) => msg && out.push(toReadMessage(msg)), { noAck: true });
    return out;
  }

  /** Messages ready in the queue right now. */
  async ready(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

function toReadMessage(msg: GetMessage | ConsumeMessage): ReadMessage {
  return {
    type: msg.properties.type as string | undefined,
    correlationId: msg.properties.correlationId as string | undefined,
    headers: (msg.properties.headers ?? {}) as Record<string, unknown>,
    body: JSON.parse(msg.content.toString()) as Record<string, unknown>,
  };
}
