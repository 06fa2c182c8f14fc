import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, MetadataScanner, Reflector } from '@nestjs/core';
import { ON_EVENT_METADATA, SWITCHYARD_ARGS_METADATA } from '../../messaging.constants';
import { InjectMessagingRuntime } from '../../messaging.module-definition';
import type { MessageContext } from './message-context';
import type { MessagingRuntime } from '../messaging-runtime';
import { RequestScopedHandlerError } from '../errors/request-scoped-handler.error';
import { SwitchyardParamsFactory } from './params/switchyard-params-factory';
import type { OnEventOptions } from './on-event.decorator';

/** The context type guards and interceptors see (`context.getType() === 'switchyard'`). */
export const SWITCHYARD_CONTEXT_TYPE = 'switchyard';

/**
 * Finds `@OnEvent()` methods at bootstrap, wraps each with ExternalContextCreator (so guards, pipes and
 * interceptors apply, and parameter decorators get their values), binds them to their consumer queues,
 * and starts consuming; stops gracefully before the application shuts down. A handler on a
 * request-scoped provider is refused at start ({@link RequestScopedHandlerError}).
 */
@Injectable()
export class ConsumerExplorer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsumerExplorer.name);
  private readonly paramsFactory = new SwitchyardParamsFactory();

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
      const proto = (
        instance && typeof instance === 'object'
          ? Object.getPrototypeOf(instance)
          : typeof wrapper.metatype === 'function'
            ? (wrapper.metatype as { prototype?: unknown }).prototype
            : undefined
      ) as Record<string, unknown> | undefined;
      if (!proto) continue;
      const handlers = this.scanner
        .getAllMethodNames(proto)
        .map((methodName) => ({ methodName, method: proto[methodName] }))
        .filter(
          (h): h is { methodName: string; method: (...args: unknown[]) => unknown } =>
            typeof h.method === 'function',
        )
        .map((h) => ({
          ...h,
          meta: this.reflector.get<OnEventOptions | undefined>(ON_EVENT_METADATA, h.method),
        }))
        .filter((h): h is typeof h & { meta: OnEventOptions } => h.meta !== undefined);
      if (handlers.length === 0) continue;
      const className = (instance as object | undefined)?.constructor.name ?? String(wrapper.name);
      if (!wrapper.isDependencyTreeStatic() || !instance || typeof instance !== 'object')
        throw new RequestScopedHandlerError(
          className,
          handlers.map((h) => h.methodName),
        );
      for (const { methodName, method, meta } of handlers) {
        const name = `${className}.${methodName}`;
        // With the params factory, parameter decorators (@Payload(), @Ctx(), @Headers()) get their values
        // and pipes run per parameter; a method without them gets the MessageContext as it is.
        const invoke = this.contextCreator.create(
          instance as Record<string, unknown>,
          method,
          methodName,
          SWITCHYARD_ARGS_METADATA,
          this.paramsFactory,
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
