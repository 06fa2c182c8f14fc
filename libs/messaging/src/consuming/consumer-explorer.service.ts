import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, MetadataScanner, Reflector } from '@nestjs/core';
import { ON_EVENT_METADATA } from '../messaging.constants';
import { InjectMessagingRuntime } from '../messaging.module-definition';
import type { MessageContext } from './message-context';
import type { MessagingRuntime } from './messaging-runtime';
import type { OnEventOptions } from './on-event.decorator';

/** The context type guards and interceptors see (`context.getType() === 'switchyard'`). */
export const SWITCHYARD_CONTEXT_TYPE = 'switchyard';

/**
 * Finds `@OnEvent()` methods at bootstrap, wraps each with ExternalContextCreator (so guards, pipes and
 * interceptors apply), binds them to their consumer queues, and starts consuming; stops gracefully
 * before the application shuts down.
 */
@Injectable()
export class ConsumerExplorer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsumerExplorer.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly contextCreator: ExternalContextCreator,
    @InjectMessagingRuntime() private readonly runtime: MessagingRuntime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const methodName of this.scanner.getAllMethodNames(proto)) {
        const method = proto[methodName];
        if (typeof method !== 'function') continue;
        const meta = this.reflector.get<OnEventOptions | undefined>(
          ON_EVENT_METADATA,
          method as () => unknown,
        );
        if (!meta) continue;
        const name = `${instance.constructor.name}.${methodName}`;
        const invoke = this.contextCreator.create(
          instance as Record<string, unknown>,
          method as (...args: unknown[]) => unknown,
          methodName,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          SWITCHYARD_CONTEXT_TYPE,
        );
        this.runtime.addHandler(meta.consumer, {
          name,
          type: meta.type,
          pattern: meta.pattern,
          ordered: meta.ordered,
          invoke: (ctx: MessageContext) => invoke(ctx),
        });
        this.logger.log(`${name} ← ${meta.consumer} ${meta.type ?? meta.pattern ?? '(every message)'}`);
      }
    }
    await this.runtime.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
