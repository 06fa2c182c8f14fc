import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Body, Controller, Injectable, Logger, Post, Req, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import request from 'supertest';
import {
  DeadLetter,
  EventPublisher,
  MessagingModule,
  OnEvent,
  type MessageContext,
  type TopologyModel,
} from '@switchyard/messaging';
import {
  correlationIdOf,
  ObservabilityModule,
  setupTracing,
  useStructuredLogger,
  type Tracing,
} from '@switchyard/observability/setup';
import { useTestVhost, waitFor } from '@switchyard/testing';

const TOPOLOGY: TopologyModel = {
  domains: [{ name: 'obs', publishes: ['obs.pinged'] }],
  consumers: [{ domain: 'obs', purpose: 'audit', bindings: [{ domain: 'obs', patterns: ['#'] }] }],
};
const INCOMING_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

type Line = Record<string, unknown>;
const lines: Line[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Line);
    done();
  },
});
const audited: MessageContext[] = [];

@Controller('ping')
class PingController {
  private readonly logger = new Logger('Ping');
  constructor(private readonly publisher: EventPublisher) {}

  @Post()
  async ping(@Req() req: Request, @Body() body: { fail?: boolean }): Promise<{ eventId: string }> {
    this.logger.log('ping received');
    const eventId = randomUUID();
    await this.publisher.publish({
      domain: 'obs',
      type: 'obs.pinged',
      eventId,
      data: { fail: body.fail === true },
      correlationId: correlationIdOf(req),
    });
    return { eventId };
  }
}

@Injectable()
class Auditor {
  private readonly logger = new Logger('Auditor');

  @OnEvent({ consumer: 'obs.audit', type: 'obs.pinged' })
  async onPinged(ctx: MessageContext<{ fail: boolean }>): Promise<DeadLetter | void> {
    this.logger.log('audited');
    audited.push(ctx);
    if (ctx.event.fail) return new DeadLetter('told to fail');
  }
}

const vhost = useTestVhost('obs_module');

describe('ObservabilityModule: one JSON line per log, with the ids of the request or message under way', () => {
  let tracing: Tracing;
  let app: INestApplication;

  beforeAll(async () => {
    tracing = setupTracing({ serviceName: 'obs-test', exporter: 'none' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ app: 'obs-test', destination: capture, level: 'debug' }),
        MessagingModule.forRootAsync({ useFactory: () => ({ urls: vhost.amqpUrl, topology: TOPOLOGY }) }),
      ],
      controllers: [PingController],
      providers: [Auditor],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    useStructuredLogger(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await tracing?.shutdown();
  });

  const linesWith = (msg: string | RegExp) =>
    lines.filter((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(String(l.msg))));

  it('labels the lines of a request and of the message it published with the same trace', async () => {
    // When a traced request with a correlation id publishes an event, which a handler consumes
    const res = await request(app.getHttpServer())
      .post('/ping')
      .set('X-Correlation-Id', 'corr-1')
      .set('traceparent', `00-${INCOMING_TRACE}-00f067aa0ba902b7-01`)
      .set('Authorization', 'Bearer not-for-logs-0123456789')
      .send({})
      .expect(201);
    const { eventId } = res.body as { eventId: string };
    await waitFor(() => linesWith('audited').length === 1, { what: 'the handler’s line', timeoutMs: 15_000 });
    await waitFor(() => linesWith('request completed').length === 1, { what: 'the request line' });

    // Then the controller's line and the request line carry the correlation id and the request's trace
    const [received] = linesWith('ping received');
    expect(received).toMatchObject({
      app: 'obs-test',
      level: 'info',
      context: 'Ping',
      correlationId: 'corr-1',
    });
    expect(received).toMatchObject({
      traceId: INCOMING_TRACE,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const [completed] = linesWith('request completed');
    expect(completed).toMatchObject({ correlationId: 'corr-1', traceId: INCOMING_TRACE });
    expect(completed).toMatchObject({ req: { method: 'POST', headers: { authorization: '[Redacted]' } } });

    // And the handler's line carries the event id, its type, the queue, the correlation id, the same trace
    const [handled] = linesWith('audited');
    expect(handled).toMatchObject({
      context: 'Auditor',
      eventId,
      eventType: 'obs.pinged',
      queue: 'obs.audit',
      correlationId: 'corr-1',
      traceId: INCOMING_TRACE,
    });
    expect(handled!.spanId).not.toBe(received!.spanId);

    // And lines outside any request or message carry none of those
    const [consuming] = linesWith(/^consuming /);
    expect(consuming).toMatchObject({ app: 'obs-test', context: 'MessagingRuntime' });
    for (const key of ['eventId', 'queue', 'correlationId', 'traceId'])
      expect(consuming).not.toHaveProperty(key);
    expect(JSON.stringify(lines)).not.toContain('not-for-logs');
  });

  it('labels the messaging runtime’s own lines about a message with its event id and queue', async () => {
    // When a handler dead-letters a message of a request without a correlation id header
    const res = await request(app.getHttpServer()).post('/ping').send({ fail: true }).expect(201);
    const { eventId } = res.body as { eventId: string };
    const correlationId = res.headers['x-correlation-id'];

    // Then the runtime's warning says so with the message's ids
    const [warning] = await waitFor(
      () => {
        const found = linesWith(/^dead-lettering /).filter((l) => l.eventId === eventId);
        return found.length > 0 ? found : undefined;
      },
      { what: 'the dead-letter warning', timeoutMs: 15_000 },
    );
    expect(warning).toMatchObject({
      level: 'warn',
      context: 'QueueConsumer obs.audit',
      queue: 'obs.audit',
      eventType: 'obs.pinged',
      correlationId,
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
