import { crossesSnapshotPoint } from './snapshot-policy';

describe('crossesSnapshotPoint', () => {
  it('fires when the event count reaches or passes a multiple of `every`', () => {
    // revisions are 0-based: revision 9 is the 10th event
    expect(crossesSnapshotPoint(10, -1, 9)).toBe(true);
    expect(crossesSnapshotPoint(10, -1, 8)).toBe(false);
    expect(crossesSnapshotPoint(10, 8, 9)).toBe(true);
    expect(crossesSnapshotPoint(10, 9, 18)).toBe(false);
    // a batch jumping over a multiple still counts
    expect(crossesSnapshotPoint(10, 5, 25)).toBe(true);
    expect(crossesSnapshotPoint(1, 3, 4)).toBe(true);
  });
});
