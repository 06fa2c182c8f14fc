import { ConfigurableModuleBuilder, Inject } from '@nestjs/common';
import type { MessagingOptions } from './consuming/messaging-runtime';

/** Provider token of the process's {@link MessagingRuntime}. */
export const MESSAGING_RUNTIME = Symbol('switchyard:messaging-runtime');

export const {
  ConfigurableModuleClass: MessagingConfigurableModule,
  MODULE_OPTIONS_TOKEN: MESSAGING_OPTIONS,
  OPTIONS_TYPE: MESSAGING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MESSAGING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MessagingOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/** Injects the options given to `MessagingModule.forRoot/forRootAsync`. */
export const InjectMessagingOptions = (): ParameterDecorator => Inject(MESSAGING_OPTIONS);
/** Injects the process's `MessagingRuntime`. */
export const InjectMessagingRuntime = (): ParameterDecorator => Inject(MESSAGING_RUNTIME);
