import type { Database } from 'better-sqlite3';
import { groupBursts, planKeepSharpest, type Burst } from '../bursts/burst-grouping.ts';

interface BurstRow {
  id: number;
  takenAt: string | null;
  make: string | null;
  model: string | null;
  phash: string | null;
  blurScore: number | null;
}

function loadCandidates(db: Database, libraryId?: number): BurstRow[] {
  return db.prepare(`
    SELECT p.id, p.taken_at AS takenAt, p.exif_make AS make, p.exif_model AS model, p.phash, s.blur_score AS blurScore
    FROM photos p LEFT JOIN scores s ON s.photo_id = p.id
    WHERE p.status = 'scored' AND p.taken_at IS NOT NULL AND p.phash IS NOT NULL ${libraryId === undefined ? '' : 'AND p.library_id = ?'}`)
    .all(...(libraryId === undefined ? [] : [libraryId])) as BurstRow[];
}

/** Regroups a library's photos into bursts (same camera, within `burstSeconds`, visually similar) and stores each photo's burst id. */
export function assignBursts(db: Database, libraryId: number, burstSeconds: number): Burst<number>[] {
  const bursts = groupBursts(loadCandidates(db, libraryId), { maxGapSeconds: burstSeconds });
  const set = db.prepare('UPDATE photos SET burst_id = ? WHERE id = ?');
  db.transaction(() => {
    db.prepare('UPDATE photos SET burst_id = NULL WHERE library_id = ? AND burst_id IS NOT NULL').run(libraryId);
    for (const b of bursts) for (const id of b.memberIds) set.run(b.burstId, id);
  })();
  return bursts;
}

/** "Keep the sharpest of each burst, mark the rest": what it would mark, for a preview before applying it. */
export function keepSharpestPlan(db: Database, burstSeconds: number, libraryId?: number) {
  return planKeepSharpest(groupBursts(loadCandidates(db, libraryId), { maxGapSeconds: burstSeconds }));
}
