import { spawnSync } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { validateSwitchyardConfig } from '@switchyard/config';
import { SingleBar } from 'cli-progress';
import { MongoClient } from 'mongodb';
import { cleanBroker, demoPlan, prepareBroker, type DemoBrokerTarget } from '../broker/demo-broker';
import { amqpUrlAs, demoPasswords } from '../broker/demo-credentials';
import { AUDIT_QUEUE, DEMO_CONNECTION_NAME } from '../demo.constants';
import type { DemoOptions } from '../demo-options';
import { DemoSetupError } from '../errors/demo-setup.error';
import { driveLoad } from '../load/load-driver';
import { planLoad, planProviderBurst, sampleStride } from '../load/load-plan';
import { DemoProcesses } from '../processes/demo-processes';
import { runnableApps } from '../processes/demo-apps';
import { demoProviderCredentials, PROVIDER_SECRET_VARIABLES } from '../processes/provider-credentials';
import { expectedDeadLetters, expectedNotifications } from '../reconcile/expected-notifications';
import {
  eventCountsByOrder,
  expectedEventCounts,
  reactionDifferences,
} from '../reconcile/expected-reactions';
import { reconcile } from '../reconcile/reconcile';
import { formatDemoReport } from '../report/demo-report';
import {
  deadLetterCounts,
  drainAuditQueue,
  queueCounters,
  queueTraffic,
  readyCounts,
  settledQueueCounters,
  vhostConnections,
} from './demo-broker-observer';
import {
  providerFakeCounters,
  readNotificationRecords,
  readProviderAcceptances,
  startProviderBurst,
} from './demo-notifications-observer';
import type { DemoObservation, OrderOutcome } from './demo-observation';
import {
  demoEventStore,
  demoProjections,
  observeProjections,
  projectionsBehind,
  readProjectionStatus,
} from './demo-projections-observer';
import { countUndispatched, readStoredEvents } from './demo-store';
import { ReadModelWatcher } from './read-model-watcher';
import { waitUntilQuiet } from './wait-until-quiet';

const say = (line: string) => process.stderr.write(`demo: ${line}\n`);

/**
 * `npm run demo`, step by step: (1) the services; (2) the topology in the demo's vhost with a
 * least-privilege user per domain, passwords made for this run; a fresh database; (3) the apps, as those
 * users; (4) the load over HTTP; (5) wait until quiet; (6) the report and the reconciliation. Whatever
 * happens, the apps are stopped (also on Ctrl-C); the topology stays for a look (`--clean` removes it).
 * Resolves the exit code: 0 only when every check reconciles.
 */
export async function runDemo(options: DemoOptions, root: string): Promise<number> {
  const config = validateSwitchyardConfig(process.env);
  const target: DemoBrokerTarget = {
    amqpUrl: config.AMQP_URL,
    managementUrl: config.RABBITMQ_MANAGEMENT_URL,
    vhost: options.vhost,
    userPrefix: options.userPrefix,
  };
  const plan = demoPlan(target);
  if (options.clean) return clean(target, plan, config.MONGO_URL, options.database);

  if (options.services) {
    say('bringing the services up (scripts/services.sh up)');
    const up = spawnSync('bash', [join(root, 'scripts/services.sh'), 'up'], { stdio: ['ignore', 2, 2] });
    if (up.status !== 0) throw new DemoSetupError(`scripts/services.sh up failed (exit ${up.status})`);
  }

  const passwords = demoPasswords(plan.users, process.env);
  const provider = demoProviderCredentials(process.env);
  const passwordEnv = Object.fromEntries(plan.users.map((u) => [u.passwordEnv, passwords.get(u.domain)!]));
  await prepareBroker(target, plan, passwordEnv);
  say(
    `topology applied to vhost "${target.vhost}", users ${plan.users.map((u) => u.name).join(', ')} (passwords made for this run)`,
  );

  const mongo = await new MongoClient(config.MONGO_URL, { serverSelectionTimeoutMS: 10_000 }).connect();
  const logDir = isAbsolute(options.logDir) ? options.logDir : join(root, options.logDir);
  const processes = new DemoProcesses(root, logDir);
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    say('interrupted: stopping the apps');
    void processes.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const db = mongo.db(options.database);
    await db.dropDatabase();
    const specs = runnableApps(root);
    say(
      `starting ${specs.map((s) => `${s.name}${s.replicas > 1 ? ` ×${s.replicas}` : ''}`).join(', ')} (logs in ${logDir})`,
    );
    const users = new Map(plan.users.map((u) => [u.domain, u.name]));
    await processes.start(specs, {
      amqpUrlAs: (domain) =>
        amqpUrlAs(config.AMQP_URL, target.vhost, users.get(domain)!, passwords.get(domain)!),
      mongoUrl: config.MONGO_URL,
      database: options.database,
      blankPasswords: Object.fromEntries(
        [...plan.users.map((u) => u.passwordEnv), ...PROVIDER_SECRET_VARIABLES].map((v) => [v, '']),
      ),
      provider,
      urlOf: (app) => processes.urlOf(app),
    });
    const apiUrls = processes.apps.filter((a) => a.name.startsWith('api') && a.url).map((a) => a.url!);
    const fakeUrl = processes.apps.find((a) => a.name === 'provider-fake')?.url;
    say(`running: ${processes.apps.map((a) => `${a.name}${a.url ? ` ${a.url}` : ''}`).join(', ')}`);

    const before = await queueCounters(target.managementUrl, target.vhost);
    const runId = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const loadPlan = planLoad(options.orders, runId);
    // Half-way through, the provider fake answers a burst of requests with 503 (the workers retry them).
    const burst = fakeUrl === undefined ? undefined : planProviderBurst(options.orders);
    const bar = options.progress
      ? new SingleBar({
          format: 'demo: orders [{bar}] {value}/{total} {duration}s',
          hideCursor: true,
          stream: process.stderr,
        })
      : undefined;
    bar?.start(loadPlan.length, 0);
    say(`placing ${options.orders} orders at ${options.rate}/s through ${apiUrls.length} API replicas`);
    const projecting = specs.some((s) => s.name === 'projections-worker');
    // About 50 orders watched in the order summary, whatever the run's size
    const watcher = projecting ? new ReadModelWatcher(db, sampleStride(options.orders, 50)) : undefined;
    watcher?.start();
    const loadStarted = Date.now();
    const load = await driveLoad(loadPlan, {
      onCommand: (c) => watcher?.onCommand(c),
      apiUrls,
      rate: options.rate,
      concurrency: options.concurrency,
      onOrderDone: (n) => bar?.update(n),
      beforeOrder: (i) => (burst && i === burst.atOrder ? startProviderBurst(fakeUrl!, burst) : undefined),
    });
    bar?.stop();
    const loadMs = Date.now() - loadStarted;

    say('waiting until the system is quiet');
    const settleStarted = Date.now();
    const consumed = specs.flatMap((s) => s.consumes);
    await waitUntilQuiet(quietProbes(target, db, load.orders, consumed, projecting), {
      timeoutMs: options.settleTimeoutS * 1000,
      onPending: (p) =>
        p.length && options.progress && process.stderr.write(`\rdemo: pending: ${p[0]}`.padEnd(100)),
    });
    if (options.progress) process.stderr.write('\n');
    const settleMs = Date.now() - settleStarted;
    const readModelLatencies = await watcher?.stop();

    const after = await settledQueueCounters(target.managementUrl, target.vhost);
    // Read once the management API's figures have settled: a connection opened a moment ago is listed
    // only after its first statistics (every 5 s), and the apps are all still connected.
    const connections = await vhostConnections(target.managementUrl, target.vhost);
    const [stored, undispatched, published, deadLetters, acceptances, records, counters, projections] =
      await Promise.all([
        readStoredEvents(db),
        countUndispatched(db),
        drainAuditQueue(target.amqpUrl, target.vhost),
        deadLetterCounts(target.amqpUrl, target.vhost, after),
        readProviderAcceptances(db),
        readNotificationRecords(db),
        fakeUrl === undefined ? undefined : providerFakeCounters(fakeUrl),
        projecting ? observeProjections(db) : [],
      ]);
    const observation: DemoObservation = {
      orders: load.orders,
      commands: load.commands,
      storedEvents: stored.events,
      commits: stored.commits,
      undispatchedCommits: undispatched,
      publishedMessageIds: published,
      queues: queueTraffic(before, after).filter((q) => q.name !== AUDIT_QUEUE),
      connections,
      domainUsers: plan.users.map((u) => u.name),
      operatorConnectionName: DEMO_CONNECTION_NAME,
      deadLetters,
      expectedDeadLetters: expectedDeadLetters(expectedNotifications(load.orders, stored.events)),
      acceptedNotifications: acceptances.accepted,
      duplicateNotificationKeys: acceptances.duplicateKeys,
      notificationRecords: records,
      providerBurst: burst && counters ? { ...burst, injected: counters.injected } : undefined,
      projections,
      ...(readModelLatencies ? { readModelLatencies } : {}),
      loadMs,
      settleMs,
    };
    const result = reconcile(observation);
    const managementUi = new URL(target.managementUrl);
    const report = formatDemoReport(observation, result.results, {
      managementUrl: `${managementUi.protocol}//${managementUi.host}`,
      vhost: target.vhost,
      database: options.database,
      users: plan.users.map((u) => u.name),
      apps: processes.apps.map((a) => a.name),
      auditQueue: AUDIT_QUEUE,
      logDir,
      rate: options.rate,
    });
    process.stdout.write(`${report.join('\n')}\n`);
    if (options.keepRunning) {
      say('the apps keep running; Ctrl-C stops them');
      await new Promise(() => undefined);
    }
    return result.ok ? 0 : 1;
  } finally {
    if (!interrupted) {
      say('stopping the apps (the topology stays; `npm run demo -- --clean` removes it)');
      await processes.stopAll();
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await mongo.close();
  }
}

/**
 * What must settle before the report: the outbox, the queues, every reaction the load expects, and (with
 * a projections worker) every projection live at the store's head.
 */
function quietProbes(
  target: DemoBrokerTarget,
  db: ReturnType<MongoClient['db']>,
  orders: readonly OrderOutcome[],
  consumed: readonly string[],
  projecting: boolean,
) {
  const definitions = demoProjections();
  const store = demoEventStore(db);
  return [
    async () => {
      const n = await countUndispatched(db);
      return n > 0 ? [`${n} commit(s) not yet published by the outbox relay`] : [];
    },
    async () => {
      const counters = await queueCounters(target.managementUrl, target.vhost);
      // The queues of the consumers this run starts, their retry tiers and partitions (queues of apps
      // not running here just fill up; the report shows them).
      const watched = [...counters.keys()].filter((q) =>
        consumed.some(
          (c) =>
            q === c || q.startsWith(`${c}.retry.`) || (q.startsWith(c) && /^\.p\d+$/.test(q.slice(c.length))),
        ),
      );
      const ready = await readyCounts(target.amqpUrl, target.vhost, watched);
      return watched
        .map((q) => ({ q, n: (ready.get(q) ?? 0) + (counters.get(q)?.unacked ?? 0) }))
        .filter((x) => x.n > 0)
        .map((x) => `queue ${x.q}: ${x.n} message(s) waiting or in flight`);
    },
    async () => {
      const actual = eventCountsByOrder((await readStoredEvents(db)).events);
      const missing = orders
        .filter((o) => o.placed)
        .map((o) => ({ o, diff: reactionDifferences(expectedEventCounts(o), actual.get(o.orderId!)) }))
        .filter((x) => x.diff.length > 0);
      return missing.length === 0
        ? []
        : [
            `${missing.length} order(s) without their reactions yet, e.g. order ${missing[0]!.o.orderId}: ${missing[0]!.diff.join('; ')}`,
          ];
    },
    // Last: the projections catch up with a store the reactions no longer add to
    async () => (projecting ? projectionsBehind(await readProjectionStatus(db, definitions, store)) : []),
  ];
}

async function clean(
  target: DemoBrokerTarget,
  plan: ReturnType<typeof demoPlan>,
  mongoUrl: string,
  database: string,
): Promise<number> {
  const removed = await cleanBroker(target, plan);
  const mongo = await new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 10_000 }).connect();
  try {
    await mongo.db(database).dropDatabase();
    removed.push(`database ${database}`);
  } finally {
    await mongo.close();
  }
  process.stdout.write(`demo: removed ${removed.join(', ')}\n`);
  return 0;
}
