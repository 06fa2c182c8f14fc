import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { HEADERS } from '@switchyard/messaging';

const ROOT = join(__dirname, '..', '..', '..');

/** A relay child process. */
export interface RelayProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

export function spawnRelay(env: Record<string, string>): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['-r', './scripts/register.js', 'libs/outbox/test/relay-worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const proc: RelayProcess = { child, exited, output: () => out };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${out}`)), 30_000);
    const onData = () => {
      if (out.includes('ready\n')) {
        clearTimeout(timer);
        resolve(proc);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!out.includes('ready\n'))
        reject(new Error(`relay exited (${code ?? signal}) before ready:\n${out}`));
    });
  });
}

/** A queue bound to every event of the given domains, to watch what the relay publishes. */
export async function declareWatchQueue(
  amqpUrl: string,
  domains: string[],
  queue: string,
): Promise<ChannelModel> {
  const conn = await amqp.connect(amqpUrl);
  const ch = await conn.createChannel();
  await ch.assertQueue(queue, { durable: true });
  for (const d of domains) {
    await ch.assertExchange(`${d}.events`, 'topic', { durable: true });
    await ch.bindQueue(queue, `${d}.events`, '#');
  }
  await ch.close();
  return conn;
}

export interface Received {
  readonly messageId: string;
  readonly stream: string;
  readonly revision: number;
  readonly routingKey: string;
  readonly exchange: string;
}

/** Takes every message on the queue (acking it) until it has stayed empty for `quietMs`. */
export async function drainQueue(ch: Channel, queue: string, quietMs = 500): Promise<Received[]> {
  const got: Received[] = [];
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    const m = await ch.get(queue, { noAck: true });
    if (!m) {
      await new Promise((r) => setTimeout(r, 25));
      continue;
    }
    quietSince = Date.now();
    got.push({
      messageId: String(m.properties.messageId),
      stream: String(m.properties.headers?.[HEADERS.stream]),
      revision: Number(m.properties.headers?.[HEADERS.revision]),
      routingKey: m.fields.routingKey,
      exchange: m.fields.exchange,
    });
  }
  return got;
}

/** Polls until `check` holds, or fails after `ms` with `what`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Each stream's revisions in the order they first arrived (duplicates dropped). */
export function firstArrivalOrder(received: readonly Received[]): Map<string, number[]> {
  const seen = new Set<string>();
  const byStream = new Map<string, number[]>();
  for (const r of received) {
    if (seen.has(r.messageId)) continue;
    seen.add(r.messageId);
    byStream.set(r.stream, [...(byStream.get(r.stream) ?? []), r.revision]);
  }
  return byStream;
}
