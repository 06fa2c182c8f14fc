#!/usr/bin/env node
// Waits until each service answers: an AMQP connect, the management API /api/overview, a MongoDB ping.
// On failure prints one line naming the variable, the host it could not reach, and where the log is.
'use strict';
const amqp = require('amqplib');
const { MongoClient } = require('mongodb');

const timeoutS = Number(process.argv[2] || 90);
// A service this script did not start (an external URL) is either up already or misconfigured: fail fast.
const externalS = Number(process.env.SERVICES_EXTERNAL_TIMEOUT || 5);
const started = Date.now();
const logs = process.env.SERVICES_LOGS || '.services/logs';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function hostOf(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port}`;
  } catch {
    return url;
  }
}

async function until(name, variable, url, log, external, probe) {
  const deadline = external ? Date.now() + Math.min(externalS, timeoutS) * 1000 : started + timeoutS * 1000;
  let last;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (err) {
      last = err;
      await sleep(500);
    }
  }
  const reason = last && last.message ? last.message.split('\n')[0] : 'no answer';
  throw new Error(
    `${name} did not answer: ${variable} host ${hostOf(url)} unreachable (${reason}); log: ${log}`,
  );
}

async function main() {
  const amqpUrl = process.env.AMQP_URL;
  const mgmtUrl = process.env.RABBITMQ_MANAGEMENT_URL;
  const mongoUrl = process.env.MONGO_URL;
  const externalAmqp = process.env.AMQP_EXTERNAL === '1';
  const externalMongo = process.env.MONGO_EXTERNAL === '1';
  await until(
    'rabbitmq',
    'AMQP_URL',
    amqpUrl,
    externalAmqp ? 'the broker at AMQP_URL' : '/var/log/rabbitmq/',
    externalAmqp,
    async () => {
      const c = await amqp.connect(amqpUrl, { timeout: 3000 });
      await c.close();
    },
  );
  await until(
    'rabbitmq management',
    'RABBITMQ_MANAGEMENT_URL',
    mgmtUrl,
    '/var/log/rabbitmq/',
    externalAmqp,
    async () => {
      const u = new URL(mgmtUrl);
      const auth = Buffer.from(
        `${decodeURIComponent(u.username || 'guest')}:${decodeURIComponent(u.password || 'guest')}`,
      ).toString('base64');
      u.username = '';
      u.password = '';
      const res = await fetch(new URL('/api/overview', u), {
        headers: { authorization: `Basic ${auth}` },
        signal: AbortSignal.timeout(3000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
  );
  await until(
    'mongodb',
    'MONGO_URL',
    mongoUrl,
    externalMongo ? 'the server at MONGO_URL' : `${logs}/ferretdb.log`,
    externalMongo,
    async () => {
      // socketTimeoutMS: a server that accepts the connection but never answers (a wedged FerretDB)
      // fails this probe instead of hanging it.
      const c = new MongoClient(mongoUrl, {
        serverSelectionTimeoutMS: 2000,
        connectTimeoutMS: 2000,
        socketTimeoutMS: 3000,
      });
      try {
        await c.db('admin').command({ ping: 1 });
      } finally {
        await c.close();
      }
    },
  );
}

main().catch((err) => {
  console.error(`services: ${err.message}`);
  process.exit(1);
});
