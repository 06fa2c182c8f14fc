import { InvalidConfigError } from '@switchyard/config';
import { resolveWorkerSettings } from './worker-settings';

const env = { AMQP_URL: 'amqp://h', MONGO_URL: 'mongodb://h' };

describe('worker settings', () => {
  it('reads the tuning and the partition share from the environment', () => {
    expect(
      resolveWorkerSettings({
        ...env,
        PROJECTIONS_POLL_MS: '250',
        PROJECTIONS_LEASE_TTL_MS: '3000',
        WORKER_INDEX: '1',
        WORKER_COUNT: '2',
      }),
    ).toEqual({
      amqpUrl: 'amqp://h',
      mongoUrl: 'mongodb://h',
      database: 'switchyard',
      declareTopology: true,
      tuning: { pollIntervalMs: 250, leaseTtlMs: 3000 },
      partitionShare: { index: 1, count: 2 },
    });
  });

  it('declares no topology with AMQP_DECLARE_TOPOLOGY=off (as a least-privilege domain user)', () => {
    expect(resolveWorkerSettings({ ...env, AMQP_DECLARE_TOPOLOGY: 'off' }).declareTopology).toBe(false);
  });

  it.each([
    [{ AMQP_DECLARE_TOPOLOGY: 'maybe' }, 'AMQP_DECLARE_TOPOLOGY'],
    [{ PROJECTIONS_POLL_MS: 'soon' }, 'PROJECTIONS_POLL_MS'],
    [{ WORKER_INDEX: '0' }, 'WORKER_COUNT'],
    [{ WORKER_INDEX: '2', WORKER_COUNT: '2' }, 'WORKER_INDEX'],
    [{ MONGO_DATABASE: 'a.b' }, 'MONGO_DATABASE'],
  ])('refuses %j naming %s', (bad, variable) => {
    const attempt = () => resolveWorkerSettings({ ...env, ...bad });
    expect(attempt).toThrow(InvalidConfigError);
    expect(attempt).toThrow(variable);
  });
});
