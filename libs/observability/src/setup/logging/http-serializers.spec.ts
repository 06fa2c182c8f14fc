import { serializeRequest, serializeResponse } from './http-serializers';

describe('request and response serializers', () => {
  it('hide credentials in headers and query parameters, and keep the rest', () => {
    const req = serializeRequest({
      method: 'POST',
      url: '/orders?access_token=t0k&page=2&api%5Fkey=k3y&broken=%E0%A4%A',
      headers: {
        authorization: 'Bearer abc',
        'proxy-authorization': 'Basic xyz',
        cookie: 'session=1',
        'x-api-key': 'k',
        'x-correlation-id': 'c-1',
        'content-type': 'application/json',
      },
    });
    expect(req).toEqual({
      method: 'POST',
      url: '/orders?access_token=[Redacted]&page=2&api%5Fkey=[Redacted]&broken=%E0%A4%A',
      headers: {
        authorization: '[Redacted]',
        'proxy-authorization': '[Redacted]',
        cookie: '[Redacted]',
        'x-api-key': '[Redacted]',
        'x-correlation-id': 'c-1',
        'content-type': 'application/json',
      },
    });
    expect(serializeRequest({ url: '/health' })).toEqual({ url: '/health', headers: undefined });
    expect(serializeResponse({ statusCode: 200, headers: { 'set-cookie': 's=1', etag: '"0"' } })).toEqual({
      statusCode: 200,
      headers: { 'set-cookie': '[Redacted]', etag: '"0"' },
    });
  });
});
