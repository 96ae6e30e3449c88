import type { Database } from 'better-sqlite3';
import path from 'node:path';
import type { RequestOf } from '../../shared/ipc-contract.ts';
import type { AnalysisLevel } from '../../shared/photo-types.ts';
import type { FlaggedRow } from '../bursts/flagged-export.ts';
import { byKeeperPreference } from '../bursts/burst-plan.ts';
import type {
  BlurHistogram, PhotoDetail, PhotoListItem, ReviewPage, ReviewQuery, Siblings, TrashReview,
} from '../../shared/review-types.ts';

/** A list row as the database returns it; the list item adds what is derived from it. */
type PhotoRow = Omit<PhotoListItem, 'fileName' | 'verdict' | 'companions'> & { companions: string | null };

const presentStatuses = `('scored', 'error', 'unsupported', 'pending')`;
/** A RAW whose JPEG (or HEIC) twin is in the library is reviewed through the twin: one shot, one row. */
const rawWithTwin = (p: string) => `(${p}.format = 'raw' AND EXISTS (SELECT 1 FROM photos t WHERE t.shot_key = ${p}.shot_key AND t.id != ${p}.id
  AND t.format != 'raw' AND t.status IN ${presentStatuses}))`;
/** Photos that are on disk and reviewable. */
const present = `p.status IN ${presentStatuses}`;
const oneRowPerShot = `NOT ${rawWithTwin('p')}`;

/** The user's marks win over what a sidecar said; without marks of our own, the sidecar's show. */
const ratingOf = (p: string, m: string) => `CASE WHEN ${m}.photo_id IS NOT NULL THEN ${m}.rating ELSE ${p}.xmp_rating END`;
const labelOf = (p: string, m: string) => `CASE WHEN ${m}.photo_id IS NOT NULL THEN NULLIF(${m}.label, '') ELSE ${p}.xmp_label END`;

const listColumns = `
  p.id, p.library_id AS libraryId, p.path, p.size, p.status, p.width, p.height, p.taken_at AS takenAt,
  s.blur_score AS blurScore, s.blur_type AS blurType, d.decision, p.burst_id AS burstId,
  ${ratingOf('p', 'm')} AS rating, ${labelOf('p', 'm')} AS label,
  (SELECT json_group_array(q.path) FROM photos q WHERE q.shot_key = p.shot_key AND q.id != p.id AND q.status NOT IN ('missing', 'trashed')) AS companions,
  CASE WHEN p.burst_id IS NULL THEN NULL ELSE (SELECT count(*) FROM photos b WHERE b.burst_id = p.burst_id AND b.status IN ${presentStatuses}
    AND NOT ${rawWithTwin('b')}) END AS burstSize`;
const joins = (p: string, s: string, d: string, m: string) => `LEFT JOIN scores ${s} ON ${s}.photo_id = ${p}.id
  LEFT JOIN decisions ${d} ON ${d}.photo_id = ${p}.id LEFT JOIN photo_marks ${m} ON ${m}.photo_id = ${p}.id`;
const listFrom = `FROM photos p ${joins('p', 's', 'd', 'm')}`;

const orderBy: Record<NonNullable<ReviewQuery['sort']>, string> = {
  // Unscored photos (NULL) sort last in DESC order; keeping the order this plain lets SQLite walk the blur-score index.
  score: 's.blur_score DESC, p.id',
  time: 'p.taken_at IS NULL, p.taken_at, p.path',
  name: 'p.path COLLATE NOCASE, p.id',
};

/** The query's filters on one set of table aliases, so a burst's stack can be chosen among the frames that pass them. */
function filterClauses(q: ReviewQuery, a: { p: string; s: string; d: string; m: string }): string[] {
  const { p, s, d, m } = a;
  const where = [`${p}.status IN ${presentStatuses}`, `NOT ${rawWithTwin(p)}`];
  if (q.libraryId !== undefined) where.push(`${p}.library_id = @libraryId`);
  if (q.flaggedOnly) where.push(`${s}.blur_score >= @threshold`);
  if (q.blurType) where.push(`${s}.blur_type = @blurType`);
  if (q.dateFrom) where.push(`${p}.taken_at >= @dateFrom`);
  if (q.dateTo) where.push(`${p}.taken_at < date(@dateTo, '+1 day')`);
  if (q.decision === 'undecided') where.push(`${d}.decision IS NULL`);
  else if (q.decision) where.push(`${d}.decision = @decision`);
  if (q.minRating !== undefined && q.minRating > 0) where.push(`${ratingOf(p, m)} >= @minRating`);
  if (q.label === 'none') where.push(`${labelOf(p, m)} IS NULL`);
  else if (q.label) where.push(`lower(${labelOf(p, m)}) = lower(@label)`);
  return where;
}

export function toListItem(r: PhotoRow, threshold: number): PhotoListItem {
  return {
    ...r,
    companions: (JSON.parse(r.companions ?? '[]') as string[]).map((p) => path.basename(p)).sort(),
    fileName: path.basename(r.path),
    verdict: r.blurScore === null ? null : r.blurScore >= threshold ? 'blurry' : 'sharp',
    blurType: r.blurScore !== null && r.blurScore >= threshold ? r.blurType : null,
  };
}

/** The sibling "keep sharpest" would keep: the sharpest, and on a tie the original over a derivative. */
function keeperOf(candidates: PhotoListItem[]): PhotoListItem | null {
  const frame = (c: PhotoListItem) => ({
    id: c.id, blurScore: c.blurScore, decision: c.decision, pixels: c.width !== null && c.height !== null ? c.width * c.height : null,
    size: c.size, takenAt: c.takenAt, fileName: c.path,
  });
  return [...candidates].sort((a, b) => byKeeperPreference(frame(a), frame(b)))[0] ?? null;
}

/** Read-side queries of the review app; all parameterised, all paged. */
export class ReviewQueries {
  constructor(
    private readonly db: Database,
    private readonly geometry: (level: AnalysisLevel) => { tileSize: number; stride: number; analysisLongEdge: number },
  ) {}

  query(q: ReviewQuery): ReviewPage {
    const where = filterClauses(q, { p: 'p', s: 's', d: 'd', m: 'm' });
    if (q.stackBursts) {
      // A burst shows as one stack: its first frame (by id) among those passing the filters, unless it is the one opened.
      where.push(`(p.burst_id IS NULL OR p.burst_id IS @openBurst OR NOT EXISTS (SELECT 1 FROM photos pq ${joins('pq', 'sq', 'dq', 'mq')}
        WHERE pq.burst_id = p.burst_id AND pq.id < p.id AND ${filterClauses(q, { p: 'pq', s: 'sq', d: 'dq', m: 'mq' }).join(' AND ')}))`);
    }
    const params: Record<string, unknown> = {
      threshold: q.threshold, libraryId: q.libraryId, blurType: q.blurType, dateFrom: q.dateFrom, dateTo: q.dateTo,
      decision: q.decision, minRating: q.minRating, label: q.label, openBurst: q.openBurst ?? null,
    };
    for (const k of Object.keys(params)) if (params[k] === undefined) delete params[k];
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT count(*) AS n ${listFrom} WHERE ${clause}`).get(params) as { n: number }).n;
    const rows = this.db.prepare(
      `SELECT ${listColumns} ${listFrom} WHERE ${clause} ORDER BY ${orderBy[q.sort ?? 'score']} LIMIT @limit OFFSET @offset`,
    ).all({ ...params, limit: q.limit, offset: q.offset }) as PhotoRow[];
    return { total, offset: q.offset, items: rows.map((r) => toListItem(r, q.threshold)) };
  }

  histogram(q: RequestOf<'photos:histogram'>): BlurHistogram {
    const n = q.bins ?? 50;
    const where = q.libraryId !== undefined ? 'AND p.library_id = @libraryId' : '';
    const rows = this.db.prepare(
      `SELECT min(CAST(s.blur_score * @n AS INTEGER), @n - 1) AS bin, count(*) AS c
       FROM scores s JOIN photos p ON p.id = s.photo_id WHERE ${present} AND ${oneRowPerShot} ${where} GROUP BY bin`,
    ).all({ n, libraryId: q.libraryId }) as { bin: number; c: number }[];
    const bins = new Array<number>(n).fill(0);
    for (const r of rows) bins[r.bin] = r.c;
    const flagged = (this.db.prepare(
      `SELECT count(*) AS c FROM scores s JOIN photos p ON p.id = s.photo_id WHERE ${present} AND ${oneRowPerShot} ${where} AND s.blur_score >= @threshold`,
    ).get({ threshold: q.threshold, libraryId: q.libraryId }) as { c: number }).c;
    return { bins, total: bins.reduce((a, b) => a + b, 0), flagged, threshold: q.threshold };
  }

  detail(photoId: number, threshold: number): PhotoDetail {
    const row = this.db.prepare(`
      SELECT ${listColumns}, p.orientation, p.exif_make AS make, p.exif_model AS model, p.exif_lens AS lens,
        p.focal_length AS focalLength, p.focal_length_35 AS focalLength35, p.exposure_time AS exposureTime,
        p.f_number AS fNumber, p.iso, s.motion_score AS motionScore, s.model_version AS modelVersion,
        s.level, s.tile_cols AS cols, s.tile_rows AS rows, s.tile_blur AS tileBlur, s.tile_used AS tileUsed,
        p.af_x AS afX, p.af_y AS afY, p.source_kind AS sourceKind, p.preview_tag AS previewTag,
        p.preview_width AS previewWidth, p.preview_height AS previewHeight
      ${listFrom} WHERE p.id = ?`).get(photoId) as (PhotoRow & Record<string, unknown>) | undefined;
    if (!row) throw Object.assign(new Error(`no photo with id ${photoId}`), { code: 'NOT_FOUND' });
    const item = toListItem(row, threshold);
    return {
      ...item,
      orientation: row.orientation as number | null,
      exif: {
        make: row.make as string | null, model: row.model as string | null, lens: row.lens as string | null,
        focalLength: row.focalLength as number | null, focalLength35: row.focalLength35 as number | null,
        exposureTime: row.exposureTime as number | null, fNumber: row.fNumber as number | null, iso: row.iso as number | null,
        takenAt: row.takenAt,
      },
      motionScore: row.motionScore as number | null,
      modelVersion: row.modelVersion as string | null,
      afPoint: row.afX === null || row.afX === undefined ? null : { x: row.afX as number, y: row.afY as number },
      source: row.sourceKind
        ? { kind: row.sourceKind as 'file' | 'raw-preview' | 'heic', tag: row.previewTag as string | null, width: row.previewWidth as number | null, height: row.previewHeight as number | null }
        : null,
      focusMap: row.tileBlur
        ? {
          cols: row.cols as number, rows: row.rows as number, blur: [...(row.tileBlur as Buffer)], used: [...(row.tileUsed as Buffer)],
          ...this.geometry(row.level as AnalysisLevel),
        }
        : null,
    };
  }

  /**
   * Candidates for the compare view: photos from the same library and camera taken within
   * `burstSeconds` of this one; the best is the sharpest of them.
   */
  siblings(photoId: number, threshold: number, burstSeconds: number): Siblings {
    const me = this.db.prepare('SELECT library_id AS libraryId, taken_at AS takenAt, exif_make AS make, exif_model AS model, burst_id AS burstId FROM photos WHERE id = ?')
      .get(photoId) as { libraryId: number; takenAt: string | null; make: string | null; model: string | null; burstId: string | null } | undefined;
    if (!me) throw Object.assign(new Error(`no photo with id ${photoId}`), { code: 'NOT_FOUND' });
    if (me.burstId) {
      // The burst found by time, camera and perceptual hash: the same scene, not just the same second.
      const rows = this.db.prepare(`SELECT ${listColumns} ${listFrom} WHERE p.burst_id = ? AND p.id != ? AND ${present} AND ${oneRowPerShot}
        AND s.blur_score IS NOT NULL ORDER BY s.blur_score ASC`).all(me.burstId, photoId) as PhotoRow[];
      const candidates = rows.map((r) => toListItem(r, threshold));
      return { best: keeperOf(candidates), candidates };
    }
    if (!me.takenAt) return { best: null, candidates: [] };
    const rows = this.db.prepare(`
      SELECT ${listColumns} ${listFrom}
      WHERE p.library_id = @libraryId AND p.id != @photoId AND ${present} AND ${oneRowPerShot} AND s.blur_score IS NOT NULL
        AND p.exif_make IS @make AND p.exif_model IS @model
        AND abs(unixepoch(substr(p.taken_at, 1, 19)) - unixepoch(substr(@takenAt, 1, 19))) <= @burstSeconds
      ORDER BY s.blur_score ASC LIMIT 50`).all({ ...me, photoId, burstSeconds }) as PhotoRow[];
    const candidates = rows.map((r) => toListItem(r, threshold));
    return { best: keeperOf(candidates), candidates };
  }

  /** Items by id, in the order given; for previews built from id lists. */
  items(ids: number[], threshold: number): PhotoListItem[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT ${listColumns} ${listFrom} WHERE p.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as PhotoRow[];
    const byId = new Map(rows.map((r) => [r.id, toListItem(r, threshold)]));
    return ids.map((id) => byId.get(id)).filter((x): x is PhotoListItem => x !== undefined);
  }

  /** Flagged photos for export (path, score, verdict, blur type, burst, decision, rating, label), less those explicitly kept. */
  flaggedForExport(threshold: number, libraryId?: number): FlaggedRow[] {
    return this.db.prepare(`
      SELECT p.path, s.blur_score AS blurScore, 'blurry' AS verdict, s.blur_type AS blurType, p.burst_id AS burstId,
        d.decision, ${ratingOf('p', 'm')} AS rating, ${labelOf('p', 'm')} AS label
      ${listFrom}
      WHERE ${present} AND s.blur_score >= @threshold AND (d.decision IS NULL OR d.decision != 'keep')
        ${libraryId === undefined ? '' : 'AND p.library_id = @libraryId'}
      ORDER BY s.blur_score DESC, p.path`).all({ threshold, libraryId }) as FlaggedRow[];
  }

  trashReview(threshold: number): TrashReview {
    const rows = this.db.prepare(`SELECT ${listColumns} ${listFrom} WHERE d.decision = 'trash' AND ${present} ORDER BY p.path`).all() as PhotoRow[];
    return { count: rows.length, totalBytes: rows.reduce((s, r) => s + r.size, 0), items: rows.map((r) => toListItem(r, threshold)) };
  }
}
