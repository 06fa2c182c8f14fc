export * from './config.constants';
export * from './errors/config-error';
export * from './errors/invalid-config.error';
export * from './errors/service-unreachable.error';
export * from './switchyard-config';
export * from './switchyard-config.module';
export * from './reachability';
export * from './run-main';
