import type { FactoryProvider, InjectionToken, OnApplicationShutdown } from '@nestjs/common';
import { connectMongo, type MongoConnection, type MongoDbSource } from '../mongo-connection';

/** Where {@link mongoConnectionProviders} reads its source and what it provides. */
export interface MongoConnectionProvidersOptions<S> {
  /** The token the connection is provided (and should be exported) under. */
  readonly provide: InjectionToken;
  /** The token of the settings (an app's resolved settings, a module's options) the source is read from. */
  readonly settings: InjectionToken;
  /** Picks the source from the settings. @default the settings themselves (a `MongoDbSource`) */
  readonly source?: (settings: S) => MongoDbSource;
}

/** The connection's provider and the one that closes it. */
export type MongoConnectionProviders = [
  FactoryProvider<Promise<MongoConnection>>,
  FactoryProvider<OnApplicationShutdown>,
];

/**
 * The providers of a module's MongoDB connection: opened from its settings at start, closed on
 * application shutdown (after every `beforeApplicationShutdown`, where consumers, relays and runners
 * stop), at the stage of the module that lists them.
 */
export function mongoConnectionProviders(
  options: MongoConnectionProvidersOptions<MongoDbSource> & { readonly source?: undefined },
): MongoConnectionProviders;
export function mongoConnectionProviders<S>(
  options: MongoConnectionProvidersOptions<S> & { readonly source: (settings: S) => MongoDbSource },
): MongoConnectionProviders;
export function mongoConnectionProviders<S>(
  options: MongoConnectionProvidersOptions<S>,
): MongoConnectionProviders {
  const source = options.source ?? ((settings: S) => settings as unknown as MongoDbSource);
  return [
    {
      provide: options.provide,
      inject: [options.settings],
      useFactory: (settings: S): Promise<MongoConnection> => connectMongo(source(settings)),
    },
    {
      provide: Symbol(`close ${String(options.provide)}`),
      inject: [options.provide],
      useFactory: (connection: MongoConnection): OnApplicationShutdown => ({
        onApplicationShutdown: () => connection.close(),
      }),
    },
  ];
}
