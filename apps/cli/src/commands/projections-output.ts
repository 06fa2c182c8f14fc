import type { ProjectionStatus } from '@switchyard/projections';

/** `1234` → `1,234`. */
const n = (value: number) => value.toLocaleString('en-US');

/** The lines `projections status` prints for one projection. */
export function statusLines(s: ProjectionStatus): string[] {
  const lines: string[] = [];
  if (!s.live) {
    lines.push(`${s.name}  not started (the projections worker creates version ${s.definitionVersion})`);
  } else {
    const l = s.live;
    lines.push(
      `${s.name}  v${l.version}  ${s.state}  position ${n(l.position)}/${n(s.head)}  ` +
        `lag ${n(l.lagEvents)} events, ${l.lagSeconds.toFixed(1)}s  (${l.collection})`,
    );
    if (s.definitionVersion > l.version)
      lines.push(`  the code declares v${s.definitionVersion}: switchyard projections rebuild ${s.name}`);
    if (l.paused)
      lines.push(
        `  PAUSED at ${l.paused.unreadable ? 'unreadable commit' : 'event'} ${l.paused.ref} ` +
          `(position ${l.paused.position}${l.paused.type ? `, ${l.paused.type}` : ''}): ${l.paused.error}`,
        `  decide: switchyard projections skip ${s.name} --event ${l.paused.ref}`,
      );
  }
  const r = s.rebuild;
  if (r && r.state !== 'done') {
    const at = r.build ? ` position ${n(r.build.position)}/${n(s.head)}` : '';
    lines.push(
      `  rebuild v${r.fromVersion} → v${r.targetVersion}: ${r.state}${at}, started ${r.startedAt.toISOString()}`,
    );
    if (r.build?.paused) lines.push(`  rebuild PAUSED at ${r.build.paused.ref}: ${r.build.paused.error}`);
    if (r.note) lines.push(`  ${r.note}`);
  } else if (r) {
    lines.push(
      `  last rebuild v${r.fromVersion} → v${r.targetVersion} done ${r.finishedAt?.toISOString() ?? ''}`,
    );
  }
  return lines;
}
