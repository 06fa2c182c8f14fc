import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConsumerExplorer } from './consuming/handlers/consumer-explorer.service';
import { MessagingRuntime, type MessagingOptions } from './consuming/messaging-runtime';
import { MessagingHealthIndicator } from './health/messaging.health';
import {
  MESSAGING_OPTIONS,
  MESSAGING_RUNTIME,
  MessagingConfigurableModule,
} from './messaging.module-definition';
import { EventPublisher } from './publishing/event-publisher';

/**
 * Confirmed publishing and decorated consumers on the topology model.
 *
 * `MessagingModule.forRoot({ urls, topology, consumers, inbox, ... })` (or `forRootAsync`) gives the app an
 * {@link EventPublisher}, binds every `@OnEvent()` method at bootstrap and starts its consumers, and on
 * shutdown (call `app.enableShutdownHooks()`) stops consuming, lets in-flight handlers finish up to the
 * shutdown timeout, requeues the rest and closes. Global by default (`isGlobal: false` to scope it).
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: MESSAGING_RUNTIME,
      useFactory: (options: MessagingOptions) => new MessagingRuntime(options),
      inject: [MESSAGING_OPTIONS],
    },
    {
      provide: EventPublisher,
      useFactory: (runtime: MessagingRuntime) => runtime.publisher,
      inject: [MESSAGING_RUNTIME],
    },
    MessagingHealthIndicator,
    ConsumerExplorer,
  ],
  exports: [MESSAGING_RUNTIME, EventPublisher, MessagingHealthIndicator],
})
export class MessagingModule extends MessagingConfigurableModule {}
