export * from './isolation/test-names';
export * from './isolation/test-env';
export * from './isolation/test-vhost';
export * from './isolation/test-database';
export * from './aggregate/aggregate-spec';
export * from './faults/amqp-fault-proxy';
export * from './faults/close-broker-connection';
export * from './event-store/sequence-all';
