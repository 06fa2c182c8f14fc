import { Logger } from '@nestjs/common';
import type { PublishRejectedError } from '@switchyard/messaging';
import type { OutboxMetrics } from '../metrics/outbox-metrics';
import type { CommitRetries } from './commit-retries';
import type { ConfirmedListeners } from './confirmed-listeners';
import type {
  OutboxCommit,
  OutboxParking,
  OutboxPublisher,
  OutboxRouting,
  OutboxSource,
} from './outbox-ports';
import type { ParkedCommits } from './parked-commits';
import { describeError, isPermanentRejection } from './publish-failure';
import { PublishWindow } from './publish-window';
import { forEachInStreamOrder } from './stream-chains';
import { toOutgoingEvent } from './to-outgoing-event';

/** What one batch did, for the drain loop. */
export interface BatchOutcome {
  /** Commits confirmed and marked dispatched. */
  readonly confirmed: number;
  /** The first permanent refusal met (the drain goes on with other streams). */
  readonly refusal?: PublishRejectedError;
  /** Commits parked by this batch. */
  readonly parked: number;
}

/** What a fast-path batch did: which commits to stamp dispatched, and what went wrong. */
export interface FreshOutcome {
  readonly dispatched: readonly string[];
  /** Every commit handed over was confirmed: nothing of them is left for a read of undispatched ones. */
  readonly everyOneConfirmed: boolean;
  readonly refusal?: PublishRejectedError;
  readonly parked: number;
  /** A transient failure (the broker away) or an unexpected error: the drain ends with it, as in `publish`. */
  readonly error?: unknown;
}

type Sent = { ok: true } | { ok: false; err: unknown; confirmedEvents: number };

/**
 * Publishes one batch of undispatched commits.
 *
 * - Streams are published at the same time, up to `window` confirms in flight, but one stream's
 *   commits, and the events in each, one after another: the next starts only once the broker confirmed
 *   the one before, so a re-sent message can never overtake a later event of its stream. After a
 *   failure, nothing more of that stream goes out in this drain (its stream joins `held`).
 * - Every confirmed commit is marked dispatched, whatever failed beside it, in one bulk write per batch;
 *   a retry sends only the events the broker did not confirm. The relay's `onConfirmed` listeners see
 *   the confirmed commits just before.
 * - A permanent refusal (404, 403, 406) pauses the commit with backoff and, after `parkAfterAttempts`,
 *   parks it with the broker's reason. A transient failure (timeout, lost connection) never parks: it
 *   ends the drain after this batch (thrown once the confirmed commits are marked), so an outage stalls
 *   the relay and it resumes when the broker is back.
 */
export class BatchPublisher {
  private readonly logger = new Logger('OutboxRelay');
  private readonly window: PublishWindow;

  constructor(
    private readonly source: OutboxSource,
    private readonly publisher: OutboxPublisher,
    private readonly routing: OutboxRouting,
    private readonly metrics: OutboxMetrics,
    private readonly retries: CommitRetries,
    private readonly parked: ParkedCommits,
    private readonly parkAfterAttempts: number,
    window: number,
    private readonly confirmedListeners: ConfirmedListeners,
  ) {
    this.window = new PublishWindow(window);
  }

  /** Publishes `batch`, skipping streams in `held` and adding those it had to stop. */
  async publish(batch: readonly OutboxCommit[], held: Set<string>): Promise<BatchOutcome> {
    const sent = await this.sendAll(batch, held);
    if (sent.confirmed.length > 0) {
      this.confirmedListeners.notify(sent.confirmed);
      await this.source.markDispatched(sent.confirmed.map((c) => c.commitId));
      for (const commit of sent.confirmed) this.retries.forget(commit.commitId);
    }
    for (const p of sent.toPark) await this.park(p.commit, p.err, p.attempts);
    if (sent.thrown.length > 0) throw sent.thrown[0];
    if (sent.transient !== undefined) throw sent.transient;
    return { confirmed: sent.confirmed.length, refusal: sent.refusal, parked: sent.toPark.length };
  }

  /**
   * Publishes commits the sequencer has just claimed positions for, before their stamp (the fast path):
   * like {@link publish}, but marks nothing, since the stamp marks the confirmed ones dispatched in the
   * same write. Never throws: what failed is in the outcome, and stays undispatched.
   */
  async publishFresh(batch: readonly OutboxCommit[], held: Set<string>): Promise<FreshOutcome> {
    let sent: Awaited<ReturnType<BatchPublisher['sendAll']>> | undefined;
    try {
      sent = await this.sendAll(batch, held);
      this.confirmedListeners.notify(sent.confirmed);
      for (const commit of sent.confirmed) this.retries.forget(commit.commitId);
      for (const p of sent.toPark) await this.park(p.commit, p.err, p.attempts);
    } catch (err) {
      return { dispatched: [], everyOneConfirmed: false, parked: 0, error: err };
    }
    return {
      dispatched: sent.confirmed.map((c) => c.commitId),
      everyOneConfirmed: sent.confirmed.length === batch.length,
      refusal: sent.refusal,
      parked: sent.toPark.length,
      error: sent.thrown[0] ?? sent.transient,
    };
  }

  private async sendAll(batch: readonly OutboxCommit[], held: Set<string>) {
    const confirmed: OutboxCommit[] = [];
    const toPark: { commit: OutboxCommit; err: PublishRejectedError; attempts: number }[] = [];
    let refusal: PublishRejectedError | undefined;
    let transient: unknown;
    const now = Date.now();

    const thrown = await forEachInStreamOrder(batch, async (commit) => {
      if (commit.parked) this.parked.noteSeen(commit);
      if (commit.parked || held.has(commit.stream) || this.retries.waiting(commit.commitId, now)) {
        held.add(commit.stream);
        return false;
      }
      const sent = await this.send(commit);
      if (sent.ok) {
        confirmed.push(commit);
        this.metrics.observeLag(commit.committedAt);
        return true;
      }
      held.add(commit.stream);
      if (isPermanentRejection(sent.err)) {
        refusal ??= sent.err;
        const { decision, attempts } = this.retries.refused(commit.commitId, sent.confirmedEvents);
        if (decision === 'park') toPark.push({ commit, err: sent.err, attempts });
        else
          this.logger.warn(
            `commit ${commit.commitId} (${commit.stream}) refused by the broker ` +
              `(${attempts}/${this.parkAfterAttempts}), retried after a pause: ${describeError(sent.err)}`,
          );
      } else {
        transient ??= sent.err;
        this.retries.failed(commit.commitId, sent.confirmedEvents);
      }
      return false;
    });
    return { confirmed, toPark, refusal, transient, thrown };
  }

  /** Sends the commit's events one by one, from the first one not yet confirmed. */
  private async send(commit: OutboxCommit): Promise<Sent> {
    let i = this.retries.confirmedEvents(commit.commitId);
    try {
      for (; i < commit.events.length; i++) {
        const event = toOutgoingEvent(commit.events[i]!, this.routing);
        await this.window.run(() => this.publisher.publish(event));
      }
      return { ok: true };
    } catch (err) {
      return { ok: false, err, confirmedEvents: i };
    }
  }

  private async park(commit: OutboxCommit, err: PublishRejectedError, attempts: number): Promise<void> {
    const parking: Omit<OutboxParking, 'parkedAt'> = {
      reason: describeError(err),
      ...(err.replyCode === undefined ? {} : { replyCode: err.replyCode }),
      ...(err.replyText === undefined ? {} : { replyText: err.replyText }),
      attempts,
    };
    await this.source.parkCommit(commit.commitId, parking);
    const revision = commit.events[0]?.revision ?? 0;
    this.parked.add({
      commitId: commit.commitId,
      stream: commit.stream,
      revision,
      position: commit.position,
      parking: { ...parking, parkedAt: new Date() },
    });
    this.logger.error(
      `parked commit ${commit.commitId} (${commit.stream} revision ${revision}) after ${attempts} ` +
        `refusals: ${parking.reason}. Later commits of ${commit.stream} wait; fix the cause, then ` +
        `run: switchyard events unpark ${commit.commitId}`,
    );
  }
}
