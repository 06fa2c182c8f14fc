import { Injectable } from '@nestjs/common';
import { Ctx, HEADERS, OnEvent, type MessageContext } from '@switchyard/messaging';
import { Projections } from '@switchyard/projections';
import { WAKE_CONSUMER } from '../worker.constants';

/** The global position a message carries, when it carries one. */
export function positionOf(headers: Readonly<Record<string, unknown>>): number | undefined {
  const raw = headers[HEADERS.position];
  const n = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Every orders and payments event reaches `reporting.projections`; each one only wakes the runners,
 * which read the store from their checkpoints. So a lost, repeated or reordered message changes nothing,
 * a process without a build's lease just acks (the holder reads the store), and a gap is filled from the
 * store. Always acked.
 */
@Injectable()
export class ProjectionWakeConsumer {
  constructor(private readonly projections: Projections) {}

  @OnEvent({ consumer: WAKE_CONSUMER })
  wake(@Ctx() ctx: MessageContext): void {
    this.projections.wake(positionOf(ctx.headers));
  }
}
