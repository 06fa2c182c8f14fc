import { redactSecrets } from './redact-secrets';

describe('redactSecrets', () => {
  it.each([
    ['a password in a URL', 'cannot connect to amqp://app:S3cr3t-pw@rabbit:5672/vh', 'S3cr3t-pw'],
    [
      'a password in a JSON-escaped mongodb URL',
      '{"msg":"mongodb://u:p%40ss@db/x?authSource=admin"}',
      'p%40ss',
    ],
    ['a bearer token', '{"authorization":"Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"}', 'eyJhbGciOiJIUzI1NiJ9'],
    ['basic credentials', 'Authorization: Basic dXNlcjpzZWNyZXQ=', 'dXNlcjpzZWNyZXQ='],
    ['a password pair', 'login failed password=hunter2hunter', 'hunter2hunter'],
    ['a JSON token field', '{"pushToken":"fcm-abc-123","x":1}', 'fcm-abc-123'],
    ['an api key in a query', 'GET /x?api_key=k-987654&y=2', 'k-987654'],
    [
      'credentials in a config dump',
      '{"config":{"AMQP_URL":"amqp://app:Dump-pw-1@r:5672","FCM_TOKEN":"fcm-dump-2","TWILIO_AUTH_TOKEN":"tw-dump-3"}}',
      /dump-/i,
    ],
  ])('hides %s', (_, text, secret) => {
    const out = redactSecrets(text);
    expect(out).not.toMatch(secret);
    expect(out).toMatch(/\[Redacted\]|\*\*\*/);
  });

  it('leaves ordinary lines alone', () => {
    const line = '{"level":"info","msg":"order placed","orderId":"o-1","tokens":3,"queue":"payments.orders"}';
    expect(redactSecrets(line)).toBe(line);
    expect(redactSecrets('Basic auth failed')).toBe('Basic auth failed');
  });
});
