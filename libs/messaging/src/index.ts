export * from './errors/messaging-error';
export * from './errors/management-api.error';
export * from './management/management-api';
