import type { ReadAllResult } from '@switchyard/event-store';
import type { ProjectionDefinition, ProjectionEvent } from '../definition/projection-definition';
import { documentIdsOf, ReadModelFold } from '../fold/read-model-fold';
import type { ProjectionStore } from '../store/projection-store';
import type { BuildCheckpoint, BuildRef } from '../store/projection-store.types';
import type { DocumentCache } from './document-cache';
import type { ProjectionLogger } from './projection-logger';

/** What one page did. */
export type PageOutcome =
  | {
      readonly kind: 'applied';
      /** The build's progress now (in memory; stored too when `persisted`). */
      readonly checkpoint: BuildCheckpoint;
      readonly persisted: boolean;
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
  /** The position of the stored checkpoint (it may lag behind `checkpoint`: see `persist`). */
  readonly storedPosition: number;
  /**
   * Whether to store the checkpoint after this page. A page that starts side effects always stores it;
   * otherwise a live runner may store it every few hundred ms only (the documents' marks make the pages
   * a crash repeats no-ops).
   */
  readonly persist: () => boolean;
  /** The holder's documents from earlier rounds. */
  readonly cache?: DocumentCache;
  /** Called right before each write; throws when the runner may no longer write (its lease). */
  readonly beforeWrite?: () => void;
  /** Live builds run side effects (past `liveFrom`); rebuilds never do. */
  readonly live: boolean;
  /** Events an operator decided to skip. */
  readonly skipped: ReadonlySet<string>;
  readonly logger: ProjectionLogger;
}

/**
 * Applies one page: the ids of all its events, ONE look-up of those documents (those the holder does not
 * already know), every event folded in memory in position order, each changed document written once, the
 * side effects of live events, then the checkpoint (guarded by the position it had). A crash anywhere before the checkpoint repeats the
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
  const { known, unknown } = ctx.cache ? ctx.cache.split(unique) : { known: [], unknown: unique };
  const loaded = unknown.length ? await store.loadDocuments(build, unknown) : [];
  ctx.cache?.loaded(unknown, loaded);
  const fold = new ReadModelFold(definition, [...known, ...loaded]);
  for (const [i, event] of handled.entries()) {
    try {
      fold.apply(event, idsOf[i]!);
    } catch (error) {
      return { kind: 'failed', event, error };
    }
  }
  const writes = fold.writes();
  if (writes.length) {
    ctx.beforeWrite?.();
    await store.writeDocuments(build, writes);
  }
  ctx.cache?.written(writes);

  const last = page.commits[page.commits.length - 1]!;
  const liveFrom =
    ctx.live && checkpoint.liveFrom === undefined && page.isEnd ? last.position : checkpoint.liveFrom;
  if (ctx.live && checkpoint.liveFrom !== undefined && definition.sideEffects)
    await runSideEffects(ctx, checkpoint.liveFrom, handled);

  const persisted = liveFrom !== checkpoint.liveFrom || ctx.persist();
  if (persisted) {
    ctx.beforeWrite?.();
    await store.updateCheckpoint(build, ctx.storedPosition, {
      position: last.position,
      committedAt: last.committedAt,
      ...(liveFrom !== checkpoint.liveFrom && liveFrom !== undefined ? { liveFrom } : {}),
    });
  }
  return {
    kind: 'applied',
    persisted,
    checkpoint: {
      ...checkpoint,
      position: last.position,
      committedAt: last.committedAt,
      ...(liveFrom === undefined ? {} : { liveFrom }),
      updatedAt: new Date(),
    },
    events: handled.length,
    documents: writes.length,
  };
}

/**
 * At most once per event and projection: the claims (unique inserts, one command per page) come before
 * the hooks, so a crash between them loses those effects rather than repeating them; a repeated page
 * finds its claims taken. A hook that throws is logged and not retried (its claim is taken).
 */
async function runSideEffects(
  ctx: PageContext,
  liveFrom: number,
  events: readonly ProjectionEvent[],
): Promise<void> {
  const hook = ctx.definition.sideEffects!;
  const types = ctx.definition.sideEffectTypes;
  const live = events.filter((e) => e.position > liveFrom && (!types || types.includes(e.type)));
  if (live.length === 0) return;
  ctx.beforeWrite?.();
  const claimed = await ctx.store.claimSideEffects(
    ctx.definition.name,
    live.map((e) => e.eventId),
  );
  for (const event of live) {
    if (!claimed.has(event.eventId)) continue;
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
