import type { Collection } from 'mongodb';
import type { ArchiveMarker } from '../archive/archive.types';
import { isArchiveMarker, markerCoversPosition, toArchiveMarker } from './archive-marker';
import type { CommitDocument } from './commit-document';
import { positionBucket } from './position-bucket';
import type { PositionClaimDocument } from './position-claim-document';

/** How many streams' markers one store remembers before forgetting them all. */
const MARKER_CACHE_SIZE = 10_000;

/**
 * Tells an archived position from one not visible yet. A position stays claimed when its commit is
 * archived (the claims are the truth of the order), so a hole at `p` is archived when `p` is claimed, its
 * commit is gone (or is the marker itself), and a marker of the claim's stream spans `p`.
 *
 * Markers are remembered per stream: a remembered marker is only used when it spans the position asked
 * about, and a stream whose remembered markers span nothing is read again. A stale memory can only lack
 * a marker (the hole then reads as not visible until it is read again) or hold one whose commits were
 * restored (restored commits are visible, so nobody asks about them): neither skips a commit.
 */
export class ArchivedPositions {
  private readonly markers = new Map<string, readonly ArchiveMarker[]>();

  constructor(
    private readonly commits: Collection<CommitDocument>,
    private readonly claims: Collection<PositionClaimDocument>,
  ) {}

  /** The marker whose run held `position`, when its commit was archived. */
  async archivedAt(position: number): Promise<ArchiveMarker | undefined> {
    const claim = await this.claims.findOne({ _id: position });
    if (!claim) return undefined;
    const doc = await this.commits.findOne(
      { _id: claim.commit, stream: claim.stream },
      { projection: { _id: 1, archived: 1 } },
    );
    if (doc && doc.archived !== true) return undefined;
    return this.covering(claim.stream, [position]).then((m) => m.get(position));
  }

  /** Of these holes (ascending), the archived ones; one look-up per bucket of claims, then markers. */
  async archivedAmong(positions: readonly number[]): Promise<ReadonlySet<number>> {
    if (positions.length === 0) return new Set();
    const buckets: number[] = [];
    for (let b = positionBucket(positions[0]!); b <= positionBucket(positions.at(-1)!); b++) buckets.push(b);
    const found = (await Promise.all(buckets.map((bucket) => this.claims.find({ bucket }).toArray()))).flat();
    const claimed = new Map(found.map((c) => [c._id, c.stream]));
    const byStream = new Map<string, number[]>();
    for (const p of positions) {
      const stream = claimed.get(p);
      if (stream === undefined) continue;
      const list = byStream.get(stream);
      if (list) list.push(p);
      else byStream.set(stream, [p]);
    }
    const archived = new Set<number>();
    await Promise.all(
      [...byStream].map(async ([stream, held]) => {
        for (const p of (await this.covering(stream, held)).keys()) archived.add(p);
      }),
    );
    return archived;
  }

  /** The stream's markers as stored now (ascending revisions); remembered for hole look-ups. */
  async read(stream: string): Promise<ArchiveMarker[]> {
    const docs = await this.commits.find({ archived: true, stream }, { projection: { events: 0 } }).toArray();
    const markers = docs
      .filter(isArchiveMarker)
      .map(toArchiveMarker)
      .sort((a, b) => a.fromRevision - b.fromRevision);
    if (this.markers.size >= MARKER_CACHE_SIZE) this.markers.clear();
    this.markers.set(stream, markers);
    return markers;
  }

  /** Forgets a stream's markers (after this process archived or restored some of it). */
  forget(stream: string): void {
    this.markers.delete(stream);
  }

  private async covering(stream: string, positions: readonly number[]): Promise<Map<number, ArchiveMarker>> {
    const spanned = (markers: readonly ArchiveMarker[]) => {
      const out = new Map<number, ArchiveMarker>();
      for (const p of positions) {
        const m = markers.find((x) => markerCoversPosition(x, p));
        if (m) out.set(p, m);
      }
      return out;
    };
    const remembered = spanned(this.markers.get(stream) ?? []);
    if (remembered.size === positions.length) return remembered;
    return spanned(await this.read(stream));
  }
}
