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
  /** The token of the app's resolved settings. */
  readonly settings: InjectionToken;
  /** Picks the source from the settings. @default `{ mongoUrl, database }` of the settings */
  readonly source?: (settings: S) => MongoDbSource;
}

/**
 * The providers of an app's one MongoDB connection: opened from its resolved settings at start, closed
 * on application shutdown, at the stage of the module that lists them (an app's global core module, so
 * after the consumers and the relay that use it have stopped).
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
