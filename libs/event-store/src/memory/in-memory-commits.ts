import type { ArchiveMarker } from '../archive/archive.types';
import type { ArchiveStorage } from '../mongo/archive-commits';
import { isArchiveMarker, markerCoversPosition, toArchiveMarker } from '../mongo/archive-marker';
import { isSequenced, type CommitDocument, type SequencedCommitDocument } from '../mongo/commit-document';
import { positionBucket } from '../mongo/position-bucket';
import type { ReadAllPort } from '../sequencing/read-all-run';

/**
 * The in-memory store's commits, kept as the MongoDB store keeps them (the same documents, archive
 * markers included), with the same ports for read-all pages and archiving: so the rules they share hold
 * in unit tests too.
 */
export class InMemoryCommits {
  /** Each stream's documents (commits and markers) by ascending revision. */
  private readonly byStream = new Map<string, CommitDocument[]>();
  private readonly byId = new Map<string, CommitDocument>();
  /** Commits not archived, in append order (pending ones are sequenced in this order). */
  private readonly appended: CommitDocument[] = [];
  /** The visible commit at each position (index position - 1); a hole once archived. */
  private readonly byPosition: (SequencedCommitDocument | undefined)[] = [];
  /** The claim of each position (index position - 1): kept when its commit is archived. */
  private readonly claims: { commitId: string; stream: string }[] = [];

  stream(stream: string): readonly CommitDocument[] {
    return this.byStream.get(stream) ?? [];
  }

  get(commitId: string): CommitDocument | undefined {
    return this.byId.get(commitId);
  }

  /** Commits not archived, in append order. */
  all(): readonly CommitDocument[] {
    return this.appended;
  }

  /** Visible commits in position order. */
  sequenced(): SequencedCommitDocument[] {
    return this.byPosition.filter((d): d is SequencedCommitDocument => d !== undefined);
  }

  add(doc: CommitDocument): void {
    const list = this.byStream.get(doc.stream) ?? [];
    const at = list.findIndex((d) => d.revision > doc.revision);
    list.splice(at < 0 ? list.length : at, 0, doc);
    this.byStream.set(doc.stream, list);
    this.byId.set(doc._id, doc);
    if (!isArchiveMarker(doc)) this.appended.push(doc);
    if (isSequenced(doc)) this.byPosition[doc.position - 1] = doc;
  }

  /** Gives a pending commit the next position, as a sequencer batch would. */
  stamp(doc: CommitDocument): void {
    if (doc.sequenced !== false) return;
    const position = this.claims.length + 1;
    this.claims.push({ commitId: doc._id, stream: doc.stream });
    doc.position = position;
    doc.bucket = positionBucket(position);
    doc.sequenced = true;
    this.byPosition[position - 1] = doc as SequencedCommitDocument;
  }

  readAllPort(): ReadAllPort<SequencedCommitDocument> {
    return {
      commitsIn: async (from, count) =>
        this.byPosition.slice(from - 1, from - 1 + count).filter((d) => d !== undefined),
      archivedAt: async (p) => this.archivedAt(p),
      archivedAmong: async (positions) => new Set(positions.filter((p) => this.archivedAt(p))),
    };
  }

  markers(stream: string): ArchiveMarker[] {
    return this.stream(stream).filter(isArchiveMarker).map(toArchiveMarker);
  }

  archiveStorage(): ArchiveStorage {
    return {
      findCommits: async (ids) =>
        new Map(ids.flatMap((id) => (this.byId.has(id) ? [[id, this.byId.get(id)!] as const] : []))),
      readMarkers: async (stream) => this.markers(stream),
      findClaims: async (positions) =>
        new Map(
          positions.flatMap((p) => (this.claims[p - 1] ? [[p, this.claims[p - 1]!.commitId] as const] : [])),
        ),
      insertClaims: async (list) => {
        for (const c of list) this.claims[c.position - 1] ??= { commitId: c.commitId, stream: c.stream };
      },
      replaceWithMarker: async (id, stream, marker) => {
        const doc = this.byId.get(id);
        if (!doc || doc.stream !== stream || doc.archived) return false;
        this.remove(doc);
        this.add(marker);
        return true;
      },
      replaceMarker: async (id, stream, commit) => {
        const doc = this.byId.get(id);
        if (!doc || doc.stream !== stream || !isArchiveMarker(doc)) return false;
        this.remove(doc);
        this.add(commit);
        return true;
      },
      deleteCommits: async (stream, ids) => {
        for (const id of ids) {
          const doc = this.byId.get(id);
          if (doc && doc.stream === stream) this.remove(doc);
        }
      },
      insertCommits: async (docs) => {
        let inserted = 0;
        for (const doc of docs) {
          const taken = this.stream(doc.stream).some((d) => d.revision === doc.revision);
          if (this.byId.has(doc._id) || taken) continue;
          this.add(doc);
          inserted++;
        }
        return inserted;
      },
      countCommits: async (stream, from, to) =>
        this.stream(stream).filter((d) => !d.archived && d.revision >= from && d.revision <= to).length,
      markersChanged: () => undefined,
    };
  }

  private archivedAt(position: number): ArchiveMarker | undefined {
    const claim = this.claims[position - 1];
    if (!claim) return undefined;
    const doc = this.byId.get(claim.commitId);
    if (doc && !doc.archived) return undefined;
    return this.markers(claim.stream).find((m) => markerCoversPosition(m, position));
  }

  private remove(doc: CommitDocument): void {
    const list = this.byStream.get(doc.stream) ?? [];
    list.splice(list.indexOf(doc), 1);
    this.byId.delete(doc._id);
    const i = this.appended.indexOf(doc);
    if (i >= 0) this.appended.splice(i, 1);
    if (isSequenced(doc) && this.byPosition[doc.position - 1] === doc)
      this.byPosition[doc.position - 1] = undefined;
  }
}
