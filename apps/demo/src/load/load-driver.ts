import { FOLLOW_UP_WAIT_MS } from '../demo.constants';
import type { CommandRecord, OrderOutcome } from '../run/demo-observation';
import { sendWithRetries, type HttpAnswer } from './http-client';
import type { PlannedOrder } from './load-plan';
import { Semaphore } from './semaphore';

/** How the load is sent. */
export interface LoadOptions {
  /** The API replicas, used in turn. */
  readonly apiUrls: readonly string[];
  /** Orders placed per second. */
  readonly rate: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Called when an order's scenario is done (for the progress bar). */
  readonly onOrderDone?: (done: number) => void;
  /** Awaited before order `index` is placed (the provider 503 burst is switched on this way). */
  readonly beforeOrder?: (index: number) => Promise<void> | void;
  /** Called with each command once answered (the read-model watcher samples them). */
  readonly onCommand?: (command: CommandRecord) => void;
}

/** What the load did: every command with its answer, and each order's accepted commands. */
export interface LoadResult {
  readonly commands: CommandRecord[];
  readonly orders: OrderOutcome[];
}

/**
 * Drives the plan over HTTP: places the orders at `rate` per second (each with its `Idempotency-Key`,
 * replayed once for some), then for each one the follow-up of its scenario once the order is where the
 * command needs it (a ship or a cancel sent with `If-Match` at the revision read): as a shop front and a
 * warehouse would, not faster than the system confirms.
 */
export async function driveLoad(plan: readonly PlannedOrder[], options: LoadOptions): Promise<LoadResult> {
  const gate = new Semaphore(options.concurrency);
  const commands: CommandRecord[] = [];
  const orders: OrderOutcome[] = [];
  let next = 0;
  let done = 0;
  const api = () => options.apiUrls[next++ % options.apiUrls.length]!;
  const send = async (
    kind: CommandRecord['kind'],
    order: PlannedOrder,
    expected: CommandRecord['expected'],
    request: () => Promise<HttpAnswer>,
    orderId?: string,
  ): Promise<HttpAnswer> => {
    const sentAt = Date.now();
    const answer = await gate.run(request);
    const record: CommandRecord = {
      kind,
      orderIndex: order.index,
      orderId: orderId ?? (answer.body?.orderId as string | undefined),
      expected,
      status: answer.status,
      code: answer.status !== undefined && answer.status >= 400 ? (answer.body?.code as string) : undefined,
      attempts: answer.attempts,
      replayed: answer.headers?.get('idempotent-replayed') === 'true',
      sentAt,
      answeredAt: Date.now(),
      error: answer.error,
    };
    commands.push(record);
    options.onCommand?.(record);
    return answer;
  };

  const runOrder = async (order: PlannedOrder): Promise<void> => {
    const headers = { 'idempotency-key': order.idempotencyKey, 'x-correlation-id': order.idempotencyKey };
    const placed = await send('place', order, 'accepted', () =>
      sendWithRetries(`${api()}/orders`, { method: 'POST', headers, body: order.body }),
    );
    const orderId = placed.status === 201 ? (placed.body?.orderId as string) : undefined;
    const outcome = {
      index: order.index,
      scenario: order.scenario,
      contact: order.contact,
      orderId,
      placed: !!orderId,
      shipped: false,
      cancelledByCustomer: false,
    };
    try {
      if (!orderId) return;
      if (order.replay) {
        await send('replay', order, 'accepted', () =>
          sendWithRetries(`${api()}/orders`, { method: 'POST', headers, body: order.body }),
        );
      }
      if (order.scenario === 'ship' || order.scenario === 'cancel') {
        const kind = order.scenario;
        const revision = await waitForStatus(api, gate, orderId, 'confirmed');
        const answer = await send(
          kind,
          order,
          'accepted',
          () =>
            revision === undefined
              ? Promise.resolve({
                  attempts: 0,
                  error: `order never confirmed within ${FOLLOW_UP_WAIT_MS} ms`,
                })
              : sendWithRetries(`${api()}/orders/${orderId}/${kind}`, {
                  method: 'POST',
                  headers: {
                    'if-match': `"${revision}"`,
                    'x-correlation-id': `${order.idempotencyKey}-${kind}`,
                  },
                  body:
                    kind === 'ship'
                      ? { carrier: 'DHL', trackingNumber: `TRK-${order.index}` }
                      : { reason: 'changed my mind' },
                }),
          orderId,
        );
        const accepted = answer.status === 200;
        if (kind === 'ship') outcome.shipped = accepted;
        else outcome.cancelledByCustomer = accepted;
      }
      if (order.shipAfterDecline) {
        const revision = await waitForStatus(api, gate, orderId, 'cancelled');
        await send(
          'ship-declined',
          order,
          'rejected',
          () =>
            revision === undefined
              ? Promise.resolve({
                  attempts: 0,
                  error: `order never cancelled within ${FOLLOW_UP_WAIT_MS} ms`,
                })
              : sendWithRetries(`${api()}/orders/${orderId}/ship`, {
                  method: 'POST',
                  body: { carrier: 'DHL', trackingNumber: `TRK-${order.index}` },
                }),
          orderId,
        );
      }
    } finally {
      orders.push(outcome);
      options.onOrderDone?.(++done);
    }
  };

  const started = Date.now();
  const running: Promise<void>[] = [];
  for (const order of plan) {
    const due = started + (order.index * 1000) / options.rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await options.beforeOrder?.(order.index);
    running.push(runOrder(order));
  }
  await Promise.all(running);
  orders.sort((a, b) => a.index - b.index);
  return { commands, orders };
}

/** Polls `GET /orders/:id` until it shows `status`; resolves its revision, or undefined after the bound. */
async function waitForStatus(
  api: () => string,
  gate: Semaphore,
  orderId: string,
  status: string,
): Promise<number | undefined> {
  const deadline = Date.now() + FOLLOW_UP_WAIT_MS;
  for (let pause = 50; Date.now() < deadline; pause = Math.min(1_000, pause * 2)) {
    await new Promise((r) => setTimeout(r, pause));
    const answer = await gate.run(() => sendWithRetries(`${api()}/orders/${orderId}`, { method: 'GET' }));
    if (answer.body?.status === status) return answer.body.revision as number;
  }
  return undefined;
}
