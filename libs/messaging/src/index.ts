export * from './messaging.constants';
export * from './errors/messaging-error';
export * from './errors/management-api.error';
export * from './management/management-api';
export * from './topology/topology.model';
export * from './topology/topology-names';
