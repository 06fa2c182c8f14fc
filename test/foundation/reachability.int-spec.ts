import { createServer, type AddressInfo } from 'node:net';
import { assertServicesReachable, isServiceUnreachableError, probeTcp } from '@switchyard/config';
import { testConfig } from '@switchyard/testing';

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('start-up reachability', () => {
  it('names MONGO_URL and the host when the database port is closed', async () => {
    const port = await closedPort();
    const started = Date.now();
    const err = await assertServicesReachable({
      ...testConfig(),
      MONGO_URL: `mongodb://127.0.0.1:${port}`,
    }).catch((e: unknown) => e);
    expect(isServiceUnreachableError(err)).toBe(true);
    expect((err as Error).message).toBe(`MONGO_URL: cannot reach 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('names AMQP_URL when the broker port is closed', async () => {
    const port = await closedPort();
    await expect(probeTcp('AMQP_URL', `amqp://guest:guest@127.0.0.1:${port}`)).rejects.toThrow(
      `AMQP_URL: cannot reach 127.0.0.1:${port}`,
    );
  });

  it('passes when both services answer', async () => {
    await expect(assertServicesReachable(testConfig())).resolves.toBeUndefined();
  });
});
