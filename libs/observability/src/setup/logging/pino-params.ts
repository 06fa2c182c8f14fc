import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream, type LevelWithSilent, type LoggerOptions } from 'pino';
import type { Options } from 'pino-http';
import { REDACTED, redactSecrets } from '@switchyard/observability';
import { serializeRequest, serializeResponse } from './http-serializers';
import { logMixin } from './log-mixin';
import type { ObservabilityModuleOptions } from './observability-options';

/** Object keys (at the top level or one level down) whose values are replaced before a line is written. */
const REDACTED_KEYS = ['password', 'token', 'secret', 'authorization', 'apiKey', 'credentials'];

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The nestjs-pino parameters of an app: one pino logger for the app's own lines and pino-http's request
 * lines, JSON (or pretty on a terminal), each line with `app`, the log fields and trace ids of the work
 * under way, and secrets removed three ways: sensitive headers and query parameters are dropped by the
 * request serializer, keys named like secrets by pino's `redact`, and anything left that looks like a URL
 * password, a bearer token or a `password=` pair by a last pass over the written line.
 */
export function pinoParams(options: ObservabilityModuleOptions): Params {
  const env = options.env ?? process.env;
  const level = levelOf(options.level ?? env.LOG_LEVEL);
  const prettyOut =
    options.destination === undefined && wantsPretty(options, env) ? prettyStream() : undefined;
  const pretty = prettyOut !== undefined;
  const destination: DestinationStream =
    options.destination ?? prettyOut ?? pino.destination({ dest: 1, sync: true });
  const quiet = new Set(options.quietPaths ?? []);
  const httpOptions: Options<IncomingMessage, ServerResponse> & LoggerOptions = {
    level,
    base: { app: options.app, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    // pino-pretty prints numeric levels itself; JSON lines say `"level":"info"`.
    ...(pretty ? {} : { formatters: { level: (label: string) => ({ level: label }) } }),
    mixin: logMixin,
    redact: {
      paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]),
      censor: REDACTED,
    },
    hooks: { streamWrite: redactSecrets },
    serializers: { req: serializeRequest, res: serializeResponse },
    // Lines written during a request carry `reqId` (and the mixin's fields), not the whole request: the
    // request and response appear once, on the line that says it completed.
    quietReqLogger: true,
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: {
      ignore: (req) => quiet.has((req.url ?? '').split('?')[0] ?? ''),
    },
  };
  return { pinoHttp: [httpOptions, destination] };
}

function levelOf(value: string | undefined): LevelWithSilent {
  const level = (value ?? 'info').trim().toLowerCase() as LevelWithSilent;
  return LEVELS.includes(level) ? level : 'info';
}

function wantsPretty(
  options: ObservabilityModuleOptions,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (options.pretty !== undefined) return options.pretty;
  const format = env.LOG_FORMAT?.trim().toLowerCase();
  if (format === 'json' || format === 'pretty') return format === 'pretty';
  return process.stdout.isTTY === true;
}

/** pino-pretty as a synchronous stream, when it resolves (a devDependency: absent in production installs). */
function prettyStream(): DestinationStream | undefined {
  try {
    const load = createRequire(__filename);
    const pinoPretty = load('pino-pretty') as typeof import('pino-pretty');
    return pinoPretty({
      colorize: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      sync: true,
    });
  } catch {
    return undefined;
  }
}
