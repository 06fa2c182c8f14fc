import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

/**
 * Sends every Nest log line (the libs log through Nest's `Logger`) to the app's pino logger: call it
 * right after `NestFactory.create(AppModule, { bufferLogs: true })`, whose buffered start-up lines it
 * then writes. Needs `ObservabilityModule.forRoot()` in the app.
 */
export function useStructuredLogger(app: INestApplicationContext): void {
  app.useLogger(app.get(Logger));
  app.flushLogs();
}
