import { ConfigurableModuleBuilder, Inject } from '@nestjs/common';
import type { Db } from 'mongodb';
import type { OutboxPublisher, OutboxRouting } from './relay/outbox-ports';
import type { OutboxRelayOptions } from './relay/outbox-relay-options';

/** Options of `OutboxModule.forRoot` / `forRootAsync`. */
export type OutboxModuleOptions = (
  { readonly db: Db } | { readonly mongoUrl: string; readonly database: string }
) &
  OutboxRelayOptions & {
    /** Where each event type goes: the contracts' `EventRegistry` satisfies it. */
    readonly routing: OutboxRouting;
    /** This relay's identity in the lease. @default `<hostname>:<pid>:<random>` */
    readonly holder?: string;
    /** @default DEFAULT_LEASE_TTL_MS */
    readonly leaseTtlMs?: number;
    /** Start relaying at application bootstrap. @default true */
    readonly autoStart?: boolean;
    /**
     * Publish through this instead of the messaging module's `EventPublisher`, e.g. the runtime's
     * `eventPublisher`, which publishes each domain's events as that domain's user.
     */
    readonly publisher?: OutboxPublisher;
  };

export const {
  ConfigurableModuleClass: OutboxConfigurableModule,
  MODULE_OPTIONS_TOKEN: OUTBOX_MODULE_OPTIONS,
  OPTIONS_TYPE: OUTBOX_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: OUTBOX_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<OutboxModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/** Injects the options given to `OutboxModule.forRoot*`. */
export const InjectOutboxOptions = (): ParameterDecorator => Inject(OUTBOX_MODULE_OPTIONS);
