import type { ProjectionStatus, RebuildProgress } from '@switchyard/projections';

/** `1234` → `1,234`. */
const n = (value: number) => value.toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

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

/** The progress line of a rebuild (no progress-bar package is installed: one repainted line). */
export function progressLine(p: RebuildProgress): string {
  const pct = p.head > 0 ? Math.min(100, Math.floor((p.position / p.head) * 100)) : 100;
  const width = 24;
  const filled = Math.round((pct / 100) * width);
  return (
    `rebuild ${p.projection} v${p.version} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}% ` +
    `${n(p.position)}/${n(p.head)}  ${n(Math.round(p.eventsPerSecond))} events/s  ` +
    `ETA ${p.etaSeconds === undefined ? '?' : duration(p.etaSeconds)}`
  );
}
