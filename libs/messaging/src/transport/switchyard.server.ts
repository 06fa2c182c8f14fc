import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { MessageContext } from '../consuming/handlers/message-context';
import { MessagingRuntime, type MessagingOptions } from '../consuming/messaging-runtime';
import { SwitchyardContext } from './switchyard.context';

/** Options of the Switchyard transport server: the runtime's, with the consumer queues required. */
export interface SwitchyardServerOptions extends MessagingOptions {
  /** Consumer queues (`<domain>.<purpose>`) whose messages go to this app's `@EventPattern` handlers. */
  readonly consumers: readonly string[];
}

/** Transport id of the Switchyard strategy. */
export const SWITCHYARD_TRANSPORT = Symbol('switchyard');

/**
 * A @nestjs/microservices transport on Switchyard's topic topology:
 * `NestFactory.createMicroservice(AppModule, { strategy: new SwitchyardServer({ urls, topology, consumers }) })`.
 * `@EventPattern('order.placed')` and wildcards (`order.*`, `#`) match routing keys; handlers get the
 * payload and a {@link SwitchyardContext}; confirms, the retry ladder, the DLQ, the inbox and graceful
 * shutdown are the runtime's. Events only: request/response patterns are not served.
 */
export class SwitchyardServer extends Server implements CustomTransportStrategy {
  override readonly transportId = SWITCHYARD_TRANSPORT;
  private runtime?: MessagingRuntime;

  constructor(private readonly options: SwitchyardServerOptions) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      const runtime = new MessagingRuntime(this.options);
      this.runtime = runtime;
      for (const [pattern, handler] of this.messageHandlers) {
        if (!handler.isEventHandler) continue;
        for (const queue of this.options.consumers) {
          runtime.addHandler(queue, {
            name: `@EventPattern(${pattern})`,
            pattern,
            invoke: async (ctx: MessageContext) =>
              lastValueFrom(
                this.transformToObservable(await handler(ctx.event, new SwitchyardContext(ctx))),
                {
                  defaultValue: undefined,
                },
              ),
          });
        }
      }
      await runtime.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  /** Graceful: stop consuming, let in-flight handlers finish, requeue the rest, close. */
  async close(): Promise<void> {
    await this.runtime?.stop();
  }

  on(): never {
    throw new TypeError('SwitchyardServer does not expose transport events; use the health indicator');
  }

  unwrap<T>(): T {
    if (!this.runtime) throw new TypeError('SwitchyardServer is not listening yet');
    return this.runtime as T;
  }
}
