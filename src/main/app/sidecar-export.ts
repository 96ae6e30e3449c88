import type { Database } from 'better-sqlite3';
import type { Decision, SidecarConvention } from '../../shared/review-types.ts';
import { writeDecision } from '../sidecars/xmp-sidecar.ts';

export interface SidecarExportOptions {
  convention: SidecarConvention;
  keepLabel: string;
  threshold: number;
  libraryId?: number;
}

/**
 * Hands Crisp's decisions to Lightroom, darktable, digiKam and Capture One through XMP sidecars:
 * trash = rejected (xmp:Rating -1), keep = the configured label, stars and colour labels as xmp:Rating and
 * xmp:Label. Sidecars are merged, photos untouched.
 */
export async function writeDecisionSidecars(db: Database, opts: SidecarExportOptions): Promise<{ written: number; failed: { path: string; message: string }[] }> {
  // Only photos still in the library: a sidecar beside a photo in the trash would be an orphan.
  const rows = db.prepare(`
    SELECT p.path, d.decision, m.rating, m.label, s.blur_score AS blurScore, s.blur_type AS blurType, s.model_id || ' ' || s.model_version AS modelVersion
    FROM photos p JOIN scores s ON s.photo_id = p.id LEFT JOIN decisions d ON d.photo_id = p.id LEFT JOIN photo_marks m ON m.photo_id = p.id
    WHERE p.status = 'scored' AND (d.decision IS NOT NULL OR m.photo_id IS NOT NULL) ${opts.libraryId === undefined ? '' : 'AND p.library_id = ?'}
    ORDER BY p.path`).all(...(opts.libraryId === undefined ? [] : [opts.libraryId])) as {
    path: string; decision: Decision | null; rating: number | null; label: string | null; blurScore: number; blurType: string | null; modelVersion: string;
  }[];
  const failed: { path: string; message: string }[] = [];
  let written = 0;
  for (const r of rows) {
    try {
      await writeDecision(r.path, {
        decision: r.decision,
        ...(r.rating === null ? {} : { rating: r.rating, label: r.label || null }),
        keepLabel: r.decision === 'keep' && opts.keepLabel ? opts.keepLabel : undefined,
        blurScore: r.blurScore,
        verdict: r.blurScore >= opts.threshold ? 'blurry' : 'sharp',
        blurType: r.blurType,
        modelVersion: r.modelVersion,
      }, opts.convention);
      written++;
    } catch (err) {
      failed.push({ path: r.path, message: (err as Error).message });
    }
  }
  return { written, failed };
}
