import type { INestApplication } from '@nestjs/common';
import { setupOpenApi } from './http/openapi/setup-openapi';

/**
 * What an API app gets before it is initialised, in `main.ts` and in tests alike: shutdown hooks and the
 * OpenAPI document with its UI (`/docs`, `/docs-json`). The validation pipe and the exception filter are
 * module providers (`APP_PIPE`, `APP_FILTER`), so they need nothing here.
 */
export function configureApi(app: INestApplication): INestApplication {
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
