import 'reflect-metadata';

export * from './contracts.constants';
export * from './event-contract.decorator';
export * from './event-registry';
export * from './upcaster';
export * from './errors/contract-error';
export * from './errors/invalid-event.error';
export * from './errors/unknown-event-type.error';
export * from './errors/unknown-event-version.error';
export * from './errors/contract-registration.error';
