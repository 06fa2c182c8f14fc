/**
 * Switchyard on MongoDB (and FerretDB): what the database-neutral libs leave to an adapter. The event
 * store's own MongoDB code stays in `@switchyard/event-store`.
 */
export * from './duplicate-key';
export * from './mongo-connection';
export * from './nest/mongo-connection.providers';
export * from './inbox/mongo-inbox';
export * from './lease/lease';
export * from './lease/lease.document';
export * from './lease/mongo-lease';
