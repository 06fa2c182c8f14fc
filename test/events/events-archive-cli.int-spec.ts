import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AggregateRepository,
  decodeExportLine,
  exportEvents,
  getMongoEventStore,
  type EventStore,
} from '@switchyard/event-store';
import { exampleEventRegistry, exampleOrderPlaced, Order } from '@switchyard/examples';
import { sequenceAll, useTestDatabase } from '@switchyard/testing';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);
/** Each CLI run compiles the CLI's sources first (several seconds on a loaded machine). */
const CLI_TEST_MS = 300_000;

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `switchyard events export | archive | restore` run as a user would: the real bin, a real database. */
const database = useTestDatabase('cli_archive');

describe('switchyard events export | archive | restore (real CLI, real DB)', () => {
  let store: EventStore;
  let dir: string;

  const cli = (...args: string[]): Promise<CliRun> =>
    run(process.execPath, ['bin/switchyard.js', 'events', ...args, '--database', database.name], {
      cwd: ROOT,
      env: { ...process.env, MONGO_URL: database.mongoUrl },
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? -1,
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? '',
      }),
    );
  const lines = (text: string) => text.split('\n').filter(Boolean);
  /** The store's export through the library (the CLI's is checked against it once). */
  const exported = async () => {
    let text = '';
    await exportEvents(store, (chunk) => void (text += chunk));
    return text;
  };
  const position = (line: string) => (JSON.parse(line) as { position: number }).position;

  /** 8 orders: 5 placed, confirmed and shipped (snapshot at revision 1), 3 placed; two commits of two events. */
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sy-cli-archive-'));
    store = getMongoEventStore(database.db, exampleEventRegistry());
    const orders = new AggregateRepository(store, {
      create: (id) => new Order(id),
      snapshots: { every: 2, schemaVersion: 1 },
    });
    const ids = Array.from({ length: 8 }, (_, i) => `o-${i + 1}`);
    for (const id of ids) {
      const o = new Order(id);
      o.place(exampleOrderPlaced({ customerId: `c-${id}`, total: id === 'o-2' ? '1.10' : '9.00' }));
      await orders.create(o);
    }
    for (const id of ids.slice(0, 5)) await orders.execute(id, (o) => o.confirm());
    for (const id of ids.slice(0, 5)) await orders.execute(id, (o) => o.ship('ups', `T-${id}`));
    await store.append('order-o-8', [
      { type: 'order.confirmed', data: { orderId: 'o-8' } },
      { type: 'order.cancelled', data: { orderId: 'o-8', reason: 'two events, one commit' } },
    ]);
    await sequenceAll(store);
    await store.markDispatched((await store.readAll()).commits.map((c) => c.commitId));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'exports every stored event once, in position order, as the store holds it',
    async () => {
      const r = await cli('export', '--from', '1');
      expect(r.code).toBe(0);
      const read = (await store.readAll()).events;
      expect(
        lines(r.stdout).map((l) => {
          const d = decodeExportLine(l);
          if ('error' in d) throw new Error(d.error);
          const e = d.event;
          return [e.position, e.indexInCommit, e.stream, e.revision, e.type, e.eventId, JSON.parse(e.data)];
        }),
      ).toEqual(
        read.map((e) => [e.position, e.indexInCommit, e.stream, e.revision, e.type, e.eventId, e.data]),
      );
      expect(read).toHaveLength(20);
      expect(r.stdout).toBe(await exported());
      expect(r.stderr).toMatch(
        /^exported 20 event\(s\) of 19 commit\(s\), positions 1\.\.19 .*next: --from 20\n$/,
      );
    },
    CLI_TEST_MS,
  );

  it(
    'resumes from the last printed position + 1 exactly, into the same file',
    async () => {
      const whole = await exported();
      const file = join(dir, 'resumed.ndjson');
      // The two-event commit is the last one: cut just before it and just after it
      const head = await cli('export', '--from', '1', '--to', '18', '--out', file);
      expect(head.stderr).toMatch(/next: --from 19/);
      const last = position(lines(await readFile(file, 'utf8')).at(-1)!);
      expect(last).toBe(18);
      const tail = await cli('export', '--from', String(last + 1), '--out', file, '--append');
      expect(tail.code).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(whole);
      // An existing file is not overwritten without --append
      const again = await cli('export', '--from', '1', '--out', file);
      expect(again.code).not.toBe(0);
      expect(lines(again.stderr)).toEqual([expect.stringMatching(/exists already: pass --append/)]);
    },
    CLI_TEST_MS,
  );

  it(
    'keeps only the types asked for',
    async () => {
      const r = await cli('export', '--from', '1', '--types', 'order.shipped,order.cancelled');
      const types = lines(r.stdout).map((l) => (JSON.parse(l) as { type: string }).type);
      expect(types).toEqual([...Array(5).fill('order.shipped'), 'order.cancelled']);
    },
    CLI_TEST_MS,
  );

  it(
    'archives, stops exports at the archive with a one-line error, and restores byte for byte (twice: no change)',
    async () => {
      const original = await exported();
      const file = join(dir, 'orders-archive.ndjson');

      const archived = await cli('archive', '--before', '100', '--streams', 'order-*', '--to', file);
      expect(archived.code).toBe(0);
      expect(archived.stdout).toMatch(
        /^archived 10 event\(s\) in 10 commit\(s\) of 5 stream\(s\) to .*orders-archive\.ndjson/,
      );
      expect(lines(await readFile(file, 'utf8'))).toEqual(
        lines(original).filter(
          (l) => /"type":"order\.(placed|confirmed)"/.test(l) && /"stream":"order-o-[1-5]"/.test(l),
        ),
      );

      const stopped = await cli('export', '--from', '1');
      expect(stopped.code).not.toBe(0);
      expect(stopped.stdout).toBe('');
      expect(lines(stopped.stderr)).toEqual([
        expect.stringMatching(
          /^switchyard: position 1: stream "order-o-1" revisions 0\.\.1 .* archived in .*orders-archive\.ndjson.*events restore/,
        ),
      ]);
      const skipping = await cli('export', '--from', '1', '--skip-archived');
      const archivedLines = lines(await readFile(file, 'utf8'));
      expect(lines(skipping.stdout)).toEqual(lines(original).filter((l) => !archivedLines.includes(l)));
      expect(skipping.stderr).toMatch(/10 archived position\(s\) skipped/);

      const restored = await cli('restore', file);
      expect(restored.code).toBe(0);
      expect(restored.stdout).toMatch(
        /^restored 10 commit\(s\) from .*orders-archive\.ndjson .* 5 marker\(s\) removed/,
      );
      expect(await exported()).toBe(original);

      const twice = await cli('restore', file);
      expect(twice.stdout).toMatch(/^nothing to restore: the 10 commit\(s\) of .* are in the store/);
      expect(await exported()).toBe(original);
    },
    CLI_TEST_MS,
  );

  it(
    'answers bad input with one line on stderr and a non-zero exit',
    async () => {
      const taken = join(dir, 'taken.ndjson');
      await writeFile(taken, 'x\n');
      const cases: [string[], RegExp][] = [
        [['export', '--from', 'abc'], /--from must be a position, a whole number from 1 on, got "abc"/],
        [['archive', '--before', '10'], /say where the archive goes: --to <file\.ndjson>/],
        [
          ['archive', '--before', 'yesterday', '--to', join(dir, 'y.ndjson')],
          /--before must be a position .* or an ISO 8601 time, got "yesterday"/,
        ],
        [['archive', '--before', '100', '--to', taken], /taken\.ndjson: exists already/],
        [['restore', join(dir, 'missing.ndjson')], /missing\.ndjson: no such file/],
      ];
      for (const [args, message] of cases) {
        const r = await cli(...args);
        expect({ args, code: r.code === 0 ? 0 : 'non-zero', stderr: lines(r.stderr) }).toEqual({
          args,
          code: 'non-zero',
          stderr: [expect.stringMatching(new RegExp(`^switchyard: .*${message.source}`))],
        });
      }
      expect(await readFile(taken, 'utf8')).toBe('x\n');
    },
    CLI_TEST_MS,
  );
});
