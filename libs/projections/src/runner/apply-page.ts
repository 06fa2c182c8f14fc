import type { ReadAllResult } from '@switchyard/event-store';
import type { ProjectionDefinition, ProjectionEvent } from '../definition/projection-definition';
import { documentIdsOf, ReadModelFold } from '../fold/read-model-fold';
import type { ProjectionStore } from '../store/projection-store';
import type { BuildCheckpoint, BuildRef } from '../store/projection-store.types';
import type { ProjectionLogger } from './projection-logger';

/** What one page did. */
export type PageOutcome =
  | {
      readonly kind: 'applied';
      readonly checkpoint: BuildCheckpoint;
      readonly events: number;
      readonly documents: number;
    }
  | { readonly kind: 'failed'; readonly event: ProjectionEvent; readonly error: unknown };

/** Everything `applyPage` needs. */
export interface PageContext {
  readonly definition: ProjectionDefinition;
  readonly build: BuildRef;
  readonly store: ProjectionStore;
  readonly checkpoint: BuildCheckpoint;
  /** Live builds run side effects (past `liveFrom`); rebuilds never do. */
  readonly live: boolean;
  /** Events an operator decided to skip. */
  readonly skipped: ReadonlySet<string>;
  readonly logger: ProjectionLogger;
}

/**
 * Applies one page: the ids of all its events, ONE look-up of those documents, every event folded in
 * memory in position order, each changed document written once, the side effects of live events, then
 * the checkpoint (guarded by the position it had). A crash anywhere before the checkpoint repeats the
 * page, which the documents' marks make a no-op; a failing event stops the page with nothing written.
 */
export async function applyPage(ctx: PageContext, page: ReadAllResult): Promise<PageOutcome> {
  const { definition, build, store, checkpoint } = ctx;
  const handled = page.events.filter((e) => definition.handlers[e.type] && !ctx.skipped.has(e.eventId));
  const idsOf: string[][] = [];
  for (const event of handled) {
    try {
      idsOf.push(documentIdsOf(definition, event));
    } catch (error) {
      return { kind: 'failed', event, error };
    }
  }
  const unique = [...new Set(idsOf.flat())];
  const fold = new ReadModelFold(definition, unique.length ? await store.loadDocuments(build, unique) : []);
  for (const [i, event] of handled.entries()) {
    try {
      fold.apply(event, idsOf[i]!);
    } catch (error) {
      return { kind: 'failed', event, error };
    }
  }
  const writes = fold.writes();
  if (writes.length) await store.writeDocuments(build, writes);

  const last = page.commits[page.commits.length - 1]!;
  const liveFrom =
    ctx.live && checkpoint.liveFrom === undefined && page.isEnd ? last.position : checkpoint.liveFrom;
  if (ctx.live && checkpoint.liveFrom !== undefined && definition.sideEffects)
    await runSideEffects(ctx, checkpoint.liveFrom, handled);

  const tombstones = fold.tombstones();
  await store.updateCheckpoint(build, checkpoint.position, {
    position: last.position,
    committedAt: last.committedAt,
    tombstones,
    ...(liveFrom !== checkpoint.liveFrom && liveFrom !== undefined ? { liveFrom } : {}),
  });
  if (tombstones.length) await store.removeTombstones(build, tombstones);
  return {
    kind: 'applied',
    checkpoint: {
      ...checkpoint,
      position: last.position,
      committedAt: last.committedAt,
      tombstones,
      ...(liveFrom === undefined ? {} : { liveFrom }),
      updatedAt: new Date(),
    },
    events: handled.length,
    documents: writes.length,
  };
}

/**
 * At most once per event and projection: the claim (a unique insert) comes before the hook, so a crash
 * between them loses that effect rather than repeating it; a repeated page finds its claims taken. A hook
 * that throws is logged and not retried (its claim is taken).
 */
async function runSideEffects(
  ctx: PageContext,
  liveFrom: number,
  events: readonly ProjectionEvent[],
): Promise<void> {
  const hook = ctx.definition.sideEffects!;
  for (const event of events) {
    if (event.position <= liveFrom) continue;
    if (!(await ctx.store.claimSideEffect(ctx.definition.name, event.eventId))) continue;
    try {
      await hook(event, {
        projection: ctx.definition.name,
        version: ctx.build.version,
        readDocuments: async (ids) =>
          (await ctx.store.loadDocuments(ctx.build, ids)).flatMap((d) => (d.state ? [d.state] : [])),
      });
    } catch (err) {
      ctx.logger.error(
        `projection ${ctx.definition.name}: side effect of event ${event.eventId} (${event.type}) failed ` +
          `and is not retried: ${(err as Error)?.message ?? String(err)}`,
      );
    }
  }
}
