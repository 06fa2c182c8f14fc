import type { FactoryProvider, InjectionToken, OnApplicationShutdown } from '@nestjs/common';
import { connectMongo, type MongoConnection, type MongoDbSource } from '../mongo-connection';

/** The settings an app's connection is opened from, unless {@link MongoConnectionProvidersOptions.source} picks them. */
export interface MongoConnectionSettings {
  readonly mongoUrl: string;
  readonly database: string;
}

/** Where {@link mongoConnectionProviders} reads its settings and what it provides. */
export interface MongoConnectionProvidersOptions<S> {
  /** The token the connection is provided (and should be exported) under. */
  readonly provide: InjectionToken;
  /** The token of the settings (an app's resolved settings, a module's options) the source is read from. */
  readonly settings: InjectionToken;
  /** Picks the source from the settings. @default `{ mongoUrl, database }` of the settings */
  readonly source?: (settings: S) => MongoDbSource;
}

/**
 * The providers of a module's MongoDB connection: opened from its settings at start, closed on
 * application shutdown (after every `beforeApplicationShutdown`, where consumers, relays and runners
 * stop), at the stage of the module that lists them.
 */
export function mongoConnectionProviders<S = MongoConnectionSettings>(
  options: MongoConnectionProvidersOptions<S>,
): [FactoryProvider<Promise<MongoConnection>>, FactoryProvider<OnApplicationShutdown>] {
  const source =
    options.source ??
    ((settings: S): MongoDbSource => {
      const { mongoUrl, database } = settings as unknown as MongoConnectionSettings;
      return { mongoUrl, database };
    });
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
