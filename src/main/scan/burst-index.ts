import type { Database } from 'better-sqlite3';
import { groupBursts, type Burst } from '../bursts/burst-grouping.ts';
import { planBursts, type BurstPlan, type BurstPlanMode, type PlanFrame } from '../bursts/burst-plan.ts';

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

/** "Keep the sharpest of each burst": what it would mark and what it leaves, for a preview before applying it. */
export function burstPlan(db: Database, opts: { burstSeconds: number; threshold: number; mode: BurstPlanMode; libraryId?: number }): BurstPlan<number>[] {
  const candidates = loadCandidates(db, opts.libraryId);
  const bursts = groupBursts(candidates, { maxGapSeconds: opts.burstSeconds });
  const ids = bursts.flatMap((b) => b.memberIds);
  const rows = db.prepare(`
    SELECT p.id, s.blur_score AS blurScore, d.decision, p.width * p.height AS pixels, p.size, p.taken_at AS takenAt, p.path AS fileName
    FROM photos p LEFT JOIN scores s ON s.photo_id = p.id LEFT JOIN decisions d ON d.photo_id = p.id
    WHERE p.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as PlanFrame<number>[];
  return planBursts(bursts, new Map(rows.map((r) => [r.id, r])), opts);
}
