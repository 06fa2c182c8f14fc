import { ConfigurableModuleBuilder, Inject } from '@nestjs/common';
import type { ObservabilityModuleOptions } from './observability-options';

export const {
  ConfigurableModuleClass: ObservabilityConfigurableModule,
  MODULE_OPTIONS_TOKEN: OBSERVABILITY_MODULE_OPTIONS,
  OPTIONS_TYPE: OBSERVABILITY_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ObservabilityModuleOptions>().setClassMethodName('forRoot').build();

/** Injects the options given to `ObservabilityModule.forRoot`. */
export const InjectObservabilityOptions = (): ParameterDecorator => Inject(OBSERVABILITY_MODULE_OPTIONS);
