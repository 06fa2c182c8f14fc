import { FAULT_POINT_ENV } from '../outbox.constants';

/** Points in the relay where a test can make the process die, as a crash would. */
export type FaultPoint = 'after-publish-before-mark';

/**
 * Kills the process with SIGKILL when `SWITCHYARD_OUTBOX_FAULT` names this point. Only tests set it; the
 * check is one string comparison when unset.
 */
export function crashAt(point: FaultPoint, env: NodeJS.ProcessEnv = process.env): void {
  if (env[FAULT_POINT_ENV] === point) process.kill(process.pid, 'SIGKILL');
}
