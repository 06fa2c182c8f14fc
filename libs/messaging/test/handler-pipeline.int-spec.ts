import {
  Injectable,
  Scope,
  UseGuards,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type INestApplicationContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import amqp, { type ChannelModel } from 'amqplib';
import { IsInt, IsString, Min } from 'class-validator';
import { useTestVhost, waitFor } from '@switchyard/testing';
import { tap, type Observable } from 'rxjs';
import { DEATH_REASONS } from '../src/consuming/handlers/consume-result';
import { RequestScopedHandlerError } from '../src/consuming/errors/request-scoped-handler.error';
import { Ctx, Headers, Payload } from '../src/consuming/handlers/params/handler-param.decorators';
import type { MessageContext } from '../src/consuming/handlers/message-context';
import { OnEvent } from '../src/consuming/handlers/on-event.decorator';
import { HEADERS } from '../src/messaging.constants';
import { MessagingModule } from '../src/messaging.module';
import { EventPublisher } from '../src/publishing/event-publisher';
import { drain, testTopology } from './messaging-test-helpers';

const DLQ = 'notifications.push.dlq';

class PlacedDto {
  @IsString()
  orderId!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

const placed: Array<{ dto: PlacedDto; isDto: boolean; orderId: string; messageId: string; tenant: unknown }> =
  [];
const timings: Array<{ handler: string; ms: number }> = [];
let cancelledRuns = 0;

@Injectable()
class TimingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const started = performance.now();
    return next
      .handle()
      .pipe(tap(() => timings.push({ handler: context.getHandler().name, ms: performance.now() - started })));
  }
}

@Injectable()
class NoCancellationsGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.getArgByIndex<MessageContext>(0).type !== 'order.cancelled';
  }
}

@Injectable()
class Notifier {
  @OnEvent({ consumer: 'notifications.push', type: 'order.placed' })
  @UsePipes(new ValidationPipe({ transform: true }))
  @UseInterceptors(TimingInterceptor)
  async onPlaced(
    @Payload() dto: PlacedDto,
    @Payload('orderId') orderId: string,
    @Ctx() ctx: MessageContext,
    @Headers('x-tenant') tenant: unknown,
  ): Promise<void> {
    placed.push({ dto, isDto: dto instanceof PlacedDto, orderId, messageId: ctx.messageId, tenant });
  }

  @OnEvent({ consumer: 'notifications.push', type: 'order.cancelled' })
  @UseGuards(NoCancellationsGuard)
  async onCancelled(): Promise<void> {
    cancelledRuns++;
  }
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedNotifier {
  @OnEvent({ consumer: 'notifications.push', type: 'order.placed' })
  async onPlaced(): Promise<void> {}
}

const vhost = useTestVhost('msg_pipeline');
/** For the module refused at start, apart from the file's running one. */
const scopedVhost = useTestVhost('msg_pipeline_scoped');

describe('the NestJS pipeline on @OnEvent handlers, on a real broker', () => {
  let app: INestApplicationContext | undefined;
  let conn: ChannelModel | undefined;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MessagingModule.forRoot({ urls: vhost.amqpUrl, topology: testTopology({ maxAttempts: 3 }) })],
      providers: [Notifier, TimingInterceptor, NoCancellationsGuard],
    }).compile();
    app = await moduleRef.init();
    conn = await amqp.connect(vhost.amqpUrl);
  });

  afterAll(async () => {
    await conn?.close().catch(() => undefined);
    await app?.close();
  });

  const publish = (type: string, eventId: string, data: unknown) =>
    app!.get(EventPublisher).publish({ domain: 'orders', type, eventId, data, tenant: 'acme' });

  it('gives decorated parameters their values, through ValidationPipe, and the interceptor measures the call', async () => {
    // When a valid order.placed arrives
    await publish('order.placed', 'p-ok', { orderId: 'o-1', quantity: 2 });
    // Then the handler gets the payload as a validated PlacedDto, one of its properties, the context and a header
    await waitFor(() => placed.length === 1, { what: 'the handler to run', timeoutMs: 10_000 });
    expect(placed[0]).toMatchObject({ isDto: true, orderId: 'o-1', messageId: 'p-ok', tenant: 'acme' });
    expect(placed[0]!.dto).toEqual(Object.assign(new PlacedDto(), { orderId: 'o-1', quantity: 2 }));
    // And the interceptor wrapped the call
    await waitFor(() => timings.length === 1, { what: 'the interceptor to record', timeoutMs: 10_000 });
    expect(timings[0]!.handler).toBe('onPlaced');
    expect(timings[0]!.ms).toBeGreaterThanOrEqual(0);
  });

  it('dead-letters a payload ValidationPipe rejects, at once, with every failed constraint in its headers', async () => {
    const ch = await conn!.createChannel();
    try {
      // When an order.placed arrives whose quantity is 0 and whose orderId is missing
      await publish('order.placed', 'p-bad', { quantity: 0 });
      // Then it is dead-lettered on the first attempt, not retried, with the validation messages
      const [dead] = await drain(ch, DLQ);
      const h = dead!.properties.headers!;
      expect(dead!.properties.messageId).toBe('p-bad');
      expect(h[HEADERS.deathReason]).toBe(DEATH_REASONS.rejected);
      expect(h[HEADERS.attempts]).toBe(1);
      expect(String(h[HEADERS.errorMessage])).toContain('400');
      expect(String(h[HEADERS.errorMessage])).toContain('orderId must be a string');
      expect(String(h[HEADERS.errorMessage])).toContain('quantity must not be less than 1');
      expect(placed.map((p) => p.messageId)).not.toContain('p-bad');
    } finally {
      await ch.close();
    }
  });

  it('dead-letters a message a guard refuses, at once, without running the handler', async () => {
    const ch = await conn!.createChannel();
    try {
      await publish('order.cancelled', 'c-1', { orderId: 'o-9' });
      const [dead] = await drain(ch, DLQ);
      const h = dead!.properties.headers!;
      expect(dead!.properties.messageId).toBe('c-1');
      expect(h[HEADERS.deathReason]).toBe(DEATH_REASONS.rejected);
      expect(h[HEADERS.attempts]).toBe(1);
      expect(String(h[HEADERS.errorMessage])).toContain('403');
      expect(cancelledRuns).toBe(0);
    } finally {
      await ch.close();
    }
  });

  it('refuses at start a handler on a request-scoped provider, naming it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MessagingModule.forRoot({ urls: scopedVhost.amqpUrl, topology: testTopology() })],
      providers: [RequestScopedNotifier],
    }).compile();
    try {
      const refused = await moduleRef.init().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(RequestScopedHandlerError);
      expect(String((refused as Error).message)).toContain(
        'RequestScopedNotifier has @OnEvent handlers (onPlaced)',
      );
    } finally {
      await moduleRef.close().catch(() => undefined);
    }
  });
});
