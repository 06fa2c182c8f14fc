import { Command, InvalidArgumentError } from 'commander';
import {
  DEFAULT_DEMO_CONCURRENCY,
  DEFAULT_DEMO_DATABASE,
  DEFAULT_DEMO_LOG_DIR,
  DEFAULT_DEMO_ORDERS,
  DEFAULT_DEMO_RATE,
  DEFAULT_DEMO_USER_PREFIX,
  DEFAULT_DEMO_VHOST,
  DEFAULT_SETTLE_TIMEOUT_S,
} from './demo.constants';

/** How `npm run demo` runs. */
export interface DemoOptions {
  readonly orders: number;
  readonly rate: number;
  readonly concurrency: number;
  readonly vhost: string;
  readonly database: string;
  readonly userPrefix: string;
  readonly settleTimeoutS: number;
  readonly logDir: string;
  /** Run `scripts/services.sh up` first. */
  readonly services: boolean;
  /** Only remove what the demo created (vhost, users, database), then exit. */
  readonly clean: boolean;
  /** After the report, keep the apps running until Ctrl-C. */
  readonly keepRunning: boolean;
  /** Show the progress bar (default: when stderr is a terminal). */
  readonly progress: boolean;
}

function positiveInt(name: string, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from 1 to ${max}`);
    return n;
  };
}

function positiveNumber(name: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number above 0`);
    return n;
  };
}

function name(what: string, pattern: RegExp) {
  return (raw: string): string => {
    if (!pattern.test(raw)) throw new InvalidArgumentError(`${what} must match ${pattern.source}`);
    return raw;
  };
}

/**
 * Parses `npm run demo -- [flags]`. @throws commander's CommanderError for a bad flag (the message names
 * it); `--help` throws one with exitCode 0.
 */
export function parseDemoOptions(argv: readonly string[], isTty: boolean): DemoOptions {
  const program = new Command('npm run demo --')
    .description(
      'Runs the example system end to end: services, topology with least-privilege users, the apps, a load over HTTP, a report that must reconcile',
    )
    .option('--orders <n>', 'orders to place', positiveInt('--orders', 1_000_000), DEFAULT_DEMO_ORDERS)
    .option('--rate <r>', 'orders placed per second', positiveNumber('--rate'), DEFAULT_DEMO_RATE)
    .option(
      '--concurrency <n>',
      'HTTP requests in flight at once',
      positiveInt('--concurrency', 1_000),
      DEFAULT_DEMO_CONCURRENCY,
    )
    .option(
      '--vhost <name>',
      'RabbitMQ vhost of the demo',
      name('--vhost', /^[\w.-]{1,64}$/),
      DEFAULT_DEMO_VHOST,
    )
    .option(
      '--database <name>',
      'database of the demo',
      name('--database', /^[\w-]{1,63}$/),
      DEFAULT_DEMO_DATABASE,
    )
    .option(
      '--user-prefix <prefix>',
      'prefix of the domain users',
      name('--user-prefix', /^[\w.-]{0,32}$/),
      DEFAULT_DEMO_USER_PREFIX,
    )
    .option(
      '--settle-timeout <s>',
      'seconds to wait for the system to become quiet',
      positiveInt('--settle-timeout', 3_600),
      DEFAULT_SETTLE_TIMEOUT_S,
    )
    .option('--log-dir <dir>', "where the apps' output goes", DEFAULT_DEMO_LOG_DIR)
    .option('--no-services', 'do not run scripts/services.sh up (the services are up already)')
    .option('--clean', 'remove what the demo created (vhost, users, database) and exit', false)
    .option('--keep-running', 'keep the apps running after the report, until Ctrl-C', false)
    .option('--no-progress', 'no progress bar')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: (s) => process.stdout.write(s) });
  program.parse(['node', 'demo', ...argv]);
  const o = program.opts<{
    orders: number;
    rate: number;
    concurrency: number;
    vhost: string;
    database: string;
    userPrefix: string;
    settleTimeout: number;
    logDir: string;
    services: boolean;
    clean: boolean;
    keepRunning: boolean;
    progress: boolean;
  }>();
  return {
    orders: o.orders,
    rate: o.rate,
    concurrency: o.concurrency,
    vhost: o.vhost,
    database: o.database,
    userPrefix: o.userPrefix,
    settleTimeoutS: o.settleTimeout,
    logDir: o.logDir,
    services: o.services,
    clean: o.clean,
    keepRunning: o.keepRunning,
    progress: o.progress && isTty,
  };
}
