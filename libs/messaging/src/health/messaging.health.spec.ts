import type { AmqpConnectionState } from '../connection/amqp-connection';
import type { MessagingRuntime } from '../consuming/messaging-runtime';
import { MessagingHealthIndicator } from './messaging.health';

const indicator = (state: Partial<AmqpConnectionState> & { connected: boolean; blocked: boolean }) =>
  new MessagingHealthIndicator({
    connection: {
      current: { channelsUsable: state.connected, unusableChannels: [], ...state },
    },
  } as unknown as MessagingRuntime);

describe('MessagingHealthIndicator', () => {
  it('is up when connected', () => {
    expect(indicator({ connected: true, blocked: false }).isHealthy('broker')).toEqual({
      broker: { status: 'up', connected: true, blocked: false },
    });
  });

  it('is degraded while the broker blocks the connection (resource alarm), with the reason', () => {
    expect(indicator({ connected: true, blocked: true, blockedReason: 'low on memory' }).isHealthy()).toEqual(
      {
        rabbitmq: { status: 'degraded', connected: true, blocked: true, blockedReason: 'low on memory' },
      },
    );
  });

  it('is down when disconnected, with the last error', () => {
    expect(indicator({ connected: false, blocked: false, lastError: 'ECONNREFUSED' }).isHealthy()).toEqual({
      rabbitmq: { status: 'down', connected: false, blocked: false, lastError: 'ECONNREFUSED' },
    });
  });

  it('is down while connected but a channel is not usable, naming it', () => {
    const state = {
      connected: true,
      blocked: false,
      channelsUsable: false,
      unusableChannels: ['switchyard-publisher'],
    };
    expect(indicator(state).isHealthy()).toEqual({
      rabbitmq: {
        status: 'down',
        connected: true,
        blocked: false,
        unusableChannels: ['switchyard-publisher'],
      },
    });
  });
});
