import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Where the Swagger UI is served; the document is at `/<path>-json` (and `-yaml`). */
export const OPENAPI_PATH = 'docs';

/** The OpenAPI document of the app's routes, built from the controllers, DTOs and `@Api*` decorators. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Switchyard example API')
    .setDescription(
      'Orders and payments of the example system (docs/example-system.md). Every error body is `ApiErrorBodyDto`; every order and payment response carries `ETag: "<revision>"`.',
    )
    .setVersion('1')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Serves the Swagger UI at `/docs` and the document at `/docs-json`. Call it before `init()`/`listen()`:
 * routes registered after Nest's not-found handler would never be reached.
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_PATH, app, () => createOpenApiDocument(app));
}
