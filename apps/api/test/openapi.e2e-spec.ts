import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { useTestEnvironment } from '@switchyard/testing';
import { startApi } from './api-test-kit';

/** One route as the Nest app declares it: method, OpenAPI path, and the class of its `@Body()`, if any. */
interface DeclaredRoute {
  readonly method: string;
  readonly path: string;
  readonly handler: string;
  readonly body?: Type;
}

/** Every controller route of the app, read from the controllers' metadata (what Nest maps at init). */
function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')].join('/')}`
          .replace(/\/+/g, '/')
          .replace(/(.)\/$/, '$1')
          .replace(/:(\w+)/g, '{$1}');
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          { index: number }
        >;
        const bodyArg = Object.entries(args).find(
          ([key]) => key.split(':')[0] === String(RouteParamtypes.BODY),
        );
        const paramTypes = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ??
          []) as Type[];
        routes.push({
          method: method.toLowerCase(),
          path,
          handler: `${controller.name}.${name}`,
          body: bodyArg ? paramTypes[bodyArg[1].index] : undefined,
        });
      }
    }
  }
  return routes;
}

interface OpenApiOperation {
  readonly requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  readonly responses: Record<
    string,
    { content?: Record<string, { schema: { $ref?: string; type?: string } }> }
  >;
  readonly parameters?: readonly { name: string; in: string }[];
}
interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components: {
    schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
  };
}

describe('OpenAPI: /docs-json documents every route, /docs serves the UI', () => {
  const env = useTestEnvironment('api_openapi');
  let app: INestApplication;
  let doc: OpenApiDocument;
  let routes: DeclaredRoute[];
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApi(env.vhost, env.database);
    doc = (await http().get('/docs-json').expect(200)).body as OpenApiDocument;
    routes = declaredRoutes(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  const schemaOf = (ref: string | undefined) =>
    doc.components.schemas[String(ref).replace('#/components/schemas/', '')];

  it('finds the routes in the app (the orders commands among them), so the checks below check something', () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['post /orders', 'post /orders/{id}/ship', 'get /payments/{id}', 'get /health']),
    );
    expect(routes.filter((r) => r.body).length).toBeGreaterThanOrEqual(3);
  });

  it('lists every route of the app with a success response and the error body', () => {
    const problems: string[] = [];
    for (const r of routes) {
      const op = doc.paths[r.path]?.[r.method];
      if (!op) {
        problems.push(`${r.handler}: ${r.method} ${r.path} missing`);
        continue;
      }
      const statuses = Object.keys(op.responses);
      if (!statuses.some((s) => /^2\d\d$/.test(s))) problems.push(`${r.handler}: no 2xx response`);
      const success = Object.entries(op.responses).find(([s]) => /^2\d\d$/.test(s))?.[1];
      const schema = success?.content && Object.values(success.content)[0]?.schema;
      if (!schema || (!schema.$ref && !schema.type)) problems.push(`${r.handler}: 2xx without a schema`);
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^[45]\d\d$/.test(status) || r.path === '/health') continue;
        const ref = response.content?.['application/json']?.schema.$ref;
        if (ref !== '#/components/schemas/ApiErrorBodyDto')
          problems.push(`${r.handler}: ${status} not ApiErrorBodyDto`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives each route with a body its request DTO, with the DTO properties in the schema', () => {
    const problems: string[] = [];
    for (const r of routes.filter((x) => x.body)) {
      const op = doc.paths[r.path]?.[r.method];
      const ref = op?.requestBody?.content['application/json']?.schema.$ref;
      if (ref !== `#/components/schemas/${r.body!.name}`) {
        problems.push(`${r.handler}: request body ${String(ref)}, expected ${r.body!.name}`);
        continue;
      }
      if (Object.keys(schemaOf(ref)?.properties ?? {}).length === 0)
        problems.push(`${r.handler}: ${r.body!.name} has no properties`);
      if (!op?.responses['400']) problems.push(`${r.handler}: takes a body but documents no 400`);
    }
    expect(problems).toEqual([]);
  });

  it('documents the error body, the nested order lines and the command headers', () => {
    expect(schemaOf('ApiErrorBodyDto')).toMatchObject({
      properties: { statusCode: {}, error: {}, code: {}, message: {}, details: {} },
      required: expect.arrayContaining(['statusCode', 'error', 'code', 'message']),
    });
    expect(schemaOf('PlaceOrderDto')?.required).toEqual(
      expect.arrayContaining(['customerId', 'lines', 'total', 'currency']),
    );
    expect(schemaOf('PlaceOrderDto')?.properties).toMatchObject({
      customerPhone: { type: 'string', pattern: expect.any(String) },
      customerPushToken: { type: 'string', maxLength: 4096 },
    });
    expect(schemaOf('PlaceOrderDto')?.properties?.lines).toMatchObject({
      items: { $ref: '#/components/schemas/OrderLineDto' },
    });
    const headers = (path: string, method: string) =>
      (doc.paths[path]?.[method]?.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
    expect(headers('/orders', 'post')).toContain('Idempotency-Key');
    for (const command of ['confirm', 'cancel', 'ship']) {
      expect(headers(`/orders/{id}/${command}`, 'post')).toContain('If-Match');
    }
    expect(Object.keys(doc.paths['/orders']!.post!.responses)).toEqual(
      expect.arrayContaining(['201', '400', '422']),
    );
    expect(Object.keys(doc.paths['/orders/{id}/ship']!.post!.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404', '409']),
    );
    expect(Object.keys(doc.paths['/health']!.get!.responses)).toEqual(expect.arrayContaining(['200', '503']));
  });

  it('serves the Swagger UI as HTML at /docs', async () => {
    const res = await http().get('/docs').redirects(1).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('swagger-ui');
  });

  it('answers a DTO field error with the 400 body of the API, naming the fields as dotted paths', async () => {
    const res = await http()
      .post('/orders')
      .send({ customerId: 'c-1', lines: [{ sku: 'S', quantity: 0, unitPrice: '1.00' }], total: '1.00' })
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'SWITCHYARD_INVALID_REQUEST',
    });
    expect((res.body as { details: { fields: string[] } }).details.fields.sort()).toEqual([
      'currency',
      'lines.0.quantity',
    ]);
  });
});
