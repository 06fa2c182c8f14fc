import { connect } from 'node:net';
import { DEFAULT_REACHABILITY_TIMEOUT_MS } from './config.constants';
import { ServiceUnreachableError } from './errors/service-unreachable.error';
import type { SwitchyardConfig } from './switchyard-config';

const DEFAULT_PORTS: Record<string, number> = {
  'amqp:': 5672,
  'amqps:': 5671,
  'http:': 80,
  'https:': 443,
  'mongodb:': 27017,
};

/** host:port of the first URL in a (possibly comma-separated) list. */
export function hostOf(url: string): { host: string; port: number } {
  const first = url.split(',')[0]!.trim();
  if (first.startsWith('mongodb')) {
    // mongodb URLs may list several hosts; probe the first.
    const hosts = first.replace(/^mongodb(\+srv)?:\/\/([^@/]*@)?/, '').split(/[/?]/)[0]!;
    const [h, p] = hosts.split(',')[0]!.split(':');
    return { host: h!, port: p ? Number(p) : 27017 };
  }
  const u = new URL(first);
  return { host: u.hostname, port: u.port ? Number(u.port) : (DEFAULT_PORTS[u.protocol] ?? 80) };
}

/** Resolves once a TCP connection to the URL's host opens; rejects with {@link ServiceUnreachableError}. */
export function probeTcp(
  variable: string,
  url: string,
  timeoutMs = DEFAULT_REACHABILITY_TIMEOUT_MS,
): Promise<void> {
  const { host, port } = hostOf(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ServiceUnreachableError(variable, `${host}:${port}`, `no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new ServiceUnreachableError(variable, `${host}:${port}`, err.code ?? err.message));
    });
  });
}

/** Probes the broker and the database named in the config, so that a bad URL fails fast at start-up. */
export async function assertServicesReachable(
  config: Pick<SwitchyardConfig, 'AMQP_URL' | 'MONGO_URL'>,
  timeoutMs = DEFAULT_REACHABILITY_TIMEOUT_MS,
): Promise<void> {
  await Promise.all([
    probeTcp('AMQP_URL', config.AMQP_URL, timeoutMs),
    probeTcp('MONGO_URL', config.MONGO_URL, timeoutMs),
  ]);
}
