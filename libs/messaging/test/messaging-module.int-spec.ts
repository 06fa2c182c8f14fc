import {
  Injectable,
  UseGuards,
  UseInterceptors,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type INestApplicationContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { tap, type Observable } from 'rxjs';
import type { MessageContext } from '../src/consuming/handlers/message-context';
import { OnEvent } from '../src/consuming/handlers/on-event.decorator';
import { MessagingHealthIndicator } from '../src/health/messaging.health';
import { MessagingModule } from '../src/messaging.module';
import { EventPublisher } from '../src/publishing/event-publisher';
import { testTopology } from './messaging-test-helpers';
import { MongoInbox } from '@switchyard/mongodb';

const seen: Array<{ type: string; attempt: number; orderId: string; via: string[] }> = [];
const trail: string[] = [];

@Injectable()
class CountingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    trail.push(`interceptor:${context.getType()}`);
    return next.handle().pipe(tap(() => trail.push('interceptor:after')));
  }
}

@Injectable()
class RejectCancelledGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const ctx = context.getArgByIndex<MessageContext>(0);
    trail.push(`guard:${ctx.type}`);
    return ctx.type !== 'order.cancelled';
  }
}

@Injectable()
class PushNotifier {
  @OnEvent({ consumer: 'notifications.push', type: 'order.placed' })
  @UseInterceptors(CountingInterceptor)
  @UseGuards(RejectCancelledGuard)
  async onPlaced(ctx: MessageContext<{ orderId: string }>): Promise<void> {
    seen.push({ type: ctx.type, attempt: ctx.attempt, orderId: ctx.event.orderId, via: [...trail] });
  }
}

const { vhost, database } = useTestEnvironment('msg_module');

describe('MessagingModule: decorated handlers discovered at bootstrap, health, graceful close', () => {
  let app: INestApplicationContext;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MessagingModule.forRootAsync({
          useFactory: () => ({
            urls: vhost.amqpUrl,
            topology: testTopology(),
            inbox: new MongoInbox(database.db),
          }),
        }),
      ],
      providers: [PushNotifier, CountingInterceptor, RejectCancelledGuard],
    }).compile();
    app = await moduleRef.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('binds an @OnEvent method to its queue and runs it through guards and interceptors', async () => {
    // When an order.placed event is published through the injected publisher
    await app
      .get(EventPublisher)
      .publish({ domain: 'orders', type: 'order.placed', eventId: 'm-1', data: { orderId: 'o-1' } });
    // Then the decorated handler gets it with a typed context, after the guard and the interceptor
    await waitFor(() => seen.length === 1, { what: 'the handler', timeoutMs: 10_000 });
    expect(seen[0]).toMatchObject({ type: 'order.placed', attempt: 1, orderId: 'o-1' });
    expect(seen[0]!.via).toEqual(['guard:order.placed', 'interceptor:switchyard']);
    await waitFor(() => trail.includes('interceptor:after'), {
      what: 'the interceptor to see the result',
      timeoutMs: 10_000,
    });
  });

  it('reports the broker connection as up through the terminus indicator', () => {
    expect(app.get(MessagingHealthIndicator).isHealthy('rabbitmq')).toEqual({
      rabbitmq: { status: 'up', connected: true, blocked: false },
    });
  });
});
