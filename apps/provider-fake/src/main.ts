import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { runMain } from '@switchyard/config';
import { setupTracing, useStructuredLogger } from '@switchyard/observability/setup';
import { RUNNING_PROVIDER_FAKE } from './provider-fake-app.constants';
import { ProviderFakeAppModule, type RunningProviderFake } from './provider-fake-app.module';
import { resolveProviderFakeSettings } from './provider-fake-settings';

// node -r ./scripts/register.js apps/provider-fake/src/main.ts
// Env: PROVIDER_FAKE_PORT (default 4010, 0 = any free port), PROVIDER_FAKE_HOST (127.0.0.1), MONGO_URL,
// MONGO_DATABASE, and the credentials it accepts: FCM_ACCESS_TOKEN, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN.
runMain(async () => {
  const settings = resolveProviderFakeSettings(process.env);
  // Before the first request: each one is a SERVER span, child of the caller's traceparent (the worker's
  // provider call), exported nowhere unless OTEL_TRACES_EXPORTER (or the app) says where.
  setupTracing({ serviceName: 'switchyard-provider-fake' });
  const app = await NestFactory.createApplicationContext(ProviderFakeAppModule.forRoot(settings), {
    bufferLogs: true,
  });
  useStructuredLogger(app);
  const logger = new Logger('ProviderFake');
  // Stops with exit code 0 (not by the signal, as Nest's shutdown hooks would): the fake is a tool the
  // demo and the tests stop when they are done with it.
  const stop = (signal: NodeJS.Signals): void => {
    void app.close().then(() => {
      logger.log(`provider-fake stopped on ${signal}`);
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const { fake } = app.get<RunningProviderFake>(RUNNING_PROVIDER_FAKE);
  logger.log(`provider-fake listening on ${fake.url}`);
  // The ready line the demo and the tests wait for (a JSON line's `msg`, or a pretty line on a terminal).
  logger.log('provider-fake ready');
});
