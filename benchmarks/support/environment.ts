/**
 * The machine and the versions a benchmark run measured, for `latest.json`: numbers only mean something
 * next to the hardware and the software that produced them.
 */
import { readFileSync } from 'node:fs';
import { cpus, freemem, totalmem, platform, release, arch, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { MongoClient } from 'mongodb';
import { testConfig } from '@switchyard/testing';
import { ManagementApi } from '@switchyard/messaging/topology';

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly freeMemoryGiB: number;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  readonly loadAverage: number;
  readonly os: string;
}

export interface Versions {
  readonly node: string;
  readonly mongodb: string;
  readonly amqplib: string;
  readonly typescript: string;
  /** The database server as it answered `buildInfo` ("FerretDB v1.24.2", "MongoDB 8.0.4"), or null. */
  readonly database: string | null;
  /** The broker as its management API reports it, or null when it did not answer. */
  readonly rabbitmq: string | null;
}

export function machine(): Machine {
  const gib = (bytes: number) => Math.round((bytes / 2 ** 30) * 10) / 10;
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    os: `${platform()} ${release()} ${arch()}`,
  };
}

export async function versions(): Promise<Versions> {
  const [database, rabbitmq] = await Promise.all([databaseVersion(), brokerVersion()]);
  return {
    node: process.version,
    mongodb: packageVersion('mongodb'),
    amqplib: packageVersion('amqplib'),
    typescript: packageVersion('typescript'),
    database,
    rabbitmq,
  };
}

/** A dependency's installed version, read from its package.json (some packages do not export it). */
function packageVersion(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level: go up
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

async function databaseVersion(): Promise<string | null> {
  const client = new MongoClient(testConfig().MONGO_URL, { serverSelectionTimeoutMS: 5_000 });
  try {
    const info = await client.db('admin').command({ buildInfo: 1 }, { timeoutMS: 5_000 });
    if (typeof info.ferretdbVersion !== 'string') return `MongoDB ${String(info.version)}`;
    // The local wrapper does not stamp FerretDB's version into the binary; its go.mod pins it.
    const known = info.ferretdbVersion !== 'unknown' ? info.ferretdbVersion : pinnedFerretDb();
    return `FerretDB ${known ?? 'unknown'} (wire version ${String(info.version)})`;
  } catch {
    return null;
  } finally {
    await client.close();
  }
}

function pinnedFerretDb(): string | undefined {
  try {
    const mod = readFileSync(join(__dirname, '..', '..', 'tools', 'ferretdb', 'go.mod'), 'utf8');
    return /github\.com\/FerretDB\/FerretDB (v\S+)/.exec(mod)?.[1];
  } catch {
    return undefined;
  }
}

async function brokerVersion(): Promise<string | null> {
  try {
    const api = new ManagementApi(testConfig().RABBITMQ_MANAGEMENT_URL);
    const overview = await api.request<{ rabbitmq_version?: string }>('GET', '/api/overview');
    return overview.rabbitmq_version ?? null;
  } catch {
    return null;
  }
}
