#!/usr/bin/env node
// Lists (and with --delete removes) the vhosts and databases that tests create (`sy_test_*`), e.g. left
// over by an interrupted run. `npm test` sweeps before it starts and reports any leak when it ends.
'use strict';
const { MongoClient } = require('mongodb');

const PREFIX = 'sy_test_';

/** Names are `sy_test_<label>_<pid>_<random>`: a resource whose process still runs belongs to a live test. */
function orphaned(name) {
  const pid = Number(/_(\d+)_[0-9a-f]{6}$/.exec(name)?.[1]);
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}
const del = process.argv.includes('--delete');
const label = process.argv.find((a) => a.startsWith('--label='))?.slice('--label='.length) ?? 'sweep';

async function main() {
  const mgmt = new URL(process.env.RABBITMQ_MANAGEMENT_URL || 'http://guest:guest@127.0.0.1:15672');
  const auth =
    'Basic ' +
    Buffer.from(
      `${decodeURIComponent(mgmt.username || 'guest')}:${decodeURIComponent(mgmt.password || 'guest')}`,
    ).toString('base64');
  mgmt.username = '';
  mgmt.password = '';
  const api = (method, path) =>
    fetch(new URL(path, mgmt), {
      method,
      headers: { authorization: auth },
      signal: AbortSignal.timeout(10_000),
    });
  const vhosts = (await (await api('GET', '/api/vhosts')).json())
    .map((v) => v.name)
    .filter((n) => n.startsWith(PREFIX) && orphaned(n));
  const client = await new MongoClient(process.env.MONGO_URL || 'mongodb://127.0.0.1:27017', {
    serverSelectionTimeoutMS: 10_000,
  }).connect();
  try {
    const dbs = (await client.db('admin').admin().listDatabases()).databases
      .map((d) => d.name)
      .filter((n) => n.startsWith(PREFIX) && orphaned(n));
    if (vhosts.length || dbs.length) {
      console.log(
        `${label}: ${vhosts.length} test vhost(s), ${dbs.length} test database(s) present${del ? ', deleting' : ''}`,
      );
      for (const n of [...vhosts, ...dbs]) console.log(`  ${n}`);
    } else {
      console.log(`${label}: no test vhosts or databases left behind`);
    }
    if (!del) return;
    for (const v of vhosts) await api('DELETE', `/api/vhosts/${encodeURIComponent(v)}`);
    for (const d of dbs) await client.db(d).dropDatabase();
  } finally {
    await client.close();
  }
}

main().catch((err) => {
  console.error(`${label}: ${err.message}`);
  process.exit(1);
});
