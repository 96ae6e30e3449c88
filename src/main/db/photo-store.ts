import type { Database, Statement } from 'better-sqlite3';
import type { BlurType, PhotoFormat, PhotoStatus, Verdict } from '../../shared/photo-types.ts';
import type { ScoredPhoto } from '../scoring/scorer-protocol.ts';
import { shotKey } from './migrations.ts';

export interface IndexedPhoto {
  id: number;
  path: string;
  status: PhotoStatus;
  size: number;
  mtimeMs: number;
  fingerprint: string | null;
  modelId: string | null;
  modelVersion: string | null;
  level: string | null;
  blurScore: number | null;
  verdict: Verdict | null;
  blurType: BlurType | null;
  lastError: string | null;
}

export interface NewPhoto {
  libraryId: number;
  path: string;
  format: PhotoFormat;
  status: PhotoStatus;
  size: number;
  mtimeMs: number;
}

export interface ScoreStamp {
  modelId: string;
  modelVersion: string;
  level: string;
  provider: string;
}

/** The queries the indexer and scan jobs need, prepared once. */
export class PhotoStore {
  private readonly s: Record<string, Statement>;

  constructor(readonly db: Database) {
    this.s = {
      findLibrary: db.prepare('SELECT id FROM libraries WHERE path = ?'),
      insertLibrary: db.prepare('INSERT INTO libraries (path, added_at) VALUES (?, ?)'),
      libraryScanned: db.prepare('UPDATE libraries SET last_scan_at = ? WHERE id = ?'),
      index: db.prepare(`
        SELECT p.id, p.path, p.status, p.size, p.mtime_ms AS mtimeMs, p.fingerprint,
               s.model_id AS modelId, s.model_version AS modelVersion, s.level, s.blur_score AS blurScore, s.verdict, s.blur_type AS blurType,
               (SELECT message FROM photo_errors e WHERE e.photo_id = p.id ORDER BY e.id DESC LIMIT 1) AS lastError
        FROM photos p LEFT JOIN scores s ON s.photo_id = p.id
        WHERE p.library_id = ?`),
      insertPhoto: db.prepare(`
        INSERT INTO photos (library_id, path, format, status, size, mtime_ms, indexed_at, shot_key)
        VALUES (@libraryId, @path, @format, @status, @size, @mtimeMs, @now, @shotKey)
        ON CONFLICT(path) DO UPDATE SET library_id = excluded.library_id, format = excluded.format, status = excluded.status,
          size = excluded.size, mtime_ms = excluded.mtime_ms, indexed_at = excluded.indexed_at, missing_since = NULL
        RETURNING id`),
      setStatus: db.prepare('UPDATE photos SET status = ?, missing_since = NULL WHERE id = ?'),
      markMissing: db.prepare("UPDATE photos SET status = 'missing', missing_since = ? WHERE id = ? AND status NOT IN ('missing', 'trashed')"),
      deleteByPath: db.prepare('DELETE FROM photos WHERE path = ? AND id != ?'),
      moveTo: db.prepare(`UPDATE photos SET path = @path, shot_key = @shotKey, size = @size, mtime_ms = @mtimeMs, missing_since = NULL,
        status = CASE WHEN EXISTS (SELECT 1 FROM scores WHERE photo_id = @id) THEN 'scored' ELSE 'pending' END WHERE id = @id`),
      idsUnder: db.prepare("SELECT id FROM photos WHERE library_id = ? AND substr(path, 1, length(?)) = ? AND status NOT IN ('missing', 'trashed')"),
      setWatched: db.prepare('UPDATE libraries SET watched = ? WHERE id = ?'),
      setOnline: db.prepare('UPDATE libraries SET online = ? WHERE id = ?'),
      score: db.prepare('SELECT blur_score AS blurScore, verdict, blur_type AS blurType FROM scores WHERE photo_id = ?'),
      byPath: db.prepare('SELECT id, status, size, mtime_ms AS mtimeMs, fingerprint FROM photos WHERE path = ?'),
      byFingerprint: db.prepare('SELECT id, path, status FROM photos WHERE library_id = ? AND fingerprint = ? ORDER BY id'),
      scored: db.prepare(`
        UPDATE photos SET status = 'scored', fingerprint = @fingerprint, width = @width, height = @height, orientation = @orientation,
          exif_make = @make, exif_model = @model, exif_lens = @lens, focal_length = @focalLength, focal_length_35 = @focalLength35,
          exposure_time = @exposureTime, f_number = @fNumber, iso = @iso, taken_at = @takenAt, thumb_path = @thumbPath,
          source_kind = @sourceKind, preview_tag = @previewTag, preview_width = @previewWidth, preview_height = @previewHeight,
          phash = @phash, af_x = @afX, af_y = @afY, xmp_rating = @xmpRating, xmp_label = @xmpLabel, missing_since = NULL
        WHERE id = @id`),
      upsertScore: db.prepare(`
        INSERT INTO scores (photo_id, model_id, model_version, level, blur_score, verdict, blur_type, motion_score,
                            tile_cols, tile_rows, tile_blur, tile_used, provider, scored_at)
        VALUES (@id, @modelId, @modelVersion, @level, @blurScore, @verdict, @blurType, @motionScore,
                @cols, @rows, @tileBlur, @tileUsed, @provider, @now)
        ON CONFLICT(photo_id) DO UPDATE SET model_id = excluded.model_id, model_version = excluded.model_version,
          level = excluded.level, blur_score = excluded.blur_score, verdict = excluded.verdict, blur_type = excluded.blur_type,
          motion_score = excluded.motion_score, tile_cols = excluded.tile_cols, tile_rows = excluded.tile_rows,
          tile_blur = excluded.tile_blur, tile_used = excluded.tile_used, provider = excluded.provider, scored_at = excluded.scored_at`),
      clearErrors: db.prepare('DELETE FROM photo_errors WHERE photo_id = ?'),
      insertError: db.prepare('INSERT INTO photo_errors (photo_id, path, code, message, at) VALUES (?, ?, ?, ?, ?)'),
    };
    this.upsertMany = db.transaction((rows: NewPhoto[]) => rows.map((r) => this.upsertPhoto(r)));
  }

  ensureLibrary(root: string): number {
    const row = this.s.findLibrary.get(root) as { id: number } | undefined;
    if (row) return row.id;
    return Number(this.s.insertLibrary.run(root, Date.now()).lastInsertRowid);
  }

  libraryScanned(libraryId: number): void {
    this.s.libraryScanned.run(Date.now(), libraryId);
  }

  /** Everything the incremental rules need about a library, in one read. */
  loadIndex(libraryId: number): Map<string, IndexedPhoto> {
    const map = new Map<string, IndexedPhoto>();
    for (const row of this.s.index.iterate(libraryId) as Iterable<IndexedPhoto>) map.set(row.path, row);
    return map;
  }

  /** Inserts or refreshes many rows in one transaction; returns their ids in order. */
  readonly upsertMany: (rows: NewPhoto[]) => number[];

  upsertPhoto(p: NewPhoto): number {
    const row = this.s.insertPhoto.get({ ...p, now: Date.now(), shotKey: shotKey(p.path) }) as { id: number };
    return row.id;
  }

  setStatus(id: number, status: PhotoStatus): void {
    this.s.setStatus.run(status, id);
  }

  markMissing(ids: number[]): number {
    const now = Date.now();
    let n = 0;
    this.db.transaction(() => {
      for (const id of ids) n += this.s.markMissing.run(now, id).changes;
    })();
    return n;
  }

  saveScore(id: number, photo: ScoredPhoto, stamp: ScoreStamp): void {
    const j = photo.judgement;
    this.db.transaction(() => {
      this.s.scored.run({
        id, fingerprint: photo.fingerprint, width: photo.width, height: photo.height, orientation: photo.orientation,
        ...photo.exif, thumbPath: photo.thumbPath, sourceKind: photo.source.kind, previewTag: photo.source.tag,
        previewWidth: photo.source.kind === 'file' ? null : photo.source.width, previewHeight: photo.source.kind === 'file' ? null : photo.source.height,
        phash: photo.phash, afX: photo.afPoint?.x ?? null, afY: photo.afPoint?.y ?? null,
        xmpRating: photo.sidecar?.rating ?? null, xmpLabel: photo.sidecar?.label ?? null,
      });
      this.s.upsertScore.run({
        id, ...stamp, blurScore: j.blurScore, verdict: j.verdict, blurType: j.blurType, motionScore: j.motionScore,
        cols: j.tiles.cols, rows: j.tiles.rows, tileBlur: Buffer.from(j.tiles.blur), tileUsed: Buffer.from(j.tiles.used), now: Date.now(),
      });
      this.s.clearErrors.run(id);
    })();
  }

  /**
   * A photo found at a new path with the fingerprint of one whose file is gone was moved or
   * renamed: the row follows it, so its scores and decisions are kept.
   */
  adoptMoved(id: number, file: { path: string; size: number; mtimeMs: number }): void {
    this.db.transaction(() => {
      this.s.deleteByPath.run(file.path, id);
      this.s.moveTo.run({ id, ...file, shotKey: shotKey(file.path) });
    })();
  }

  /** Photos still present in the library under a folder (prefix ends with the path separator). */
  idsUnder(libraryId: number, prefix: string): number[] {
    return (this.s.idsUnder.all(libraryId, prefix, prefix) as { id: number }[]).map((r) => r.id);
  }

  setWatched(libraryId: number, watched: boolean): void {
    this.s.setWatched.run(watched ? 1 : 0, libraryId);
  }

  setOnline(libraryId: number, online: boolean): void {
    this.s.setOnline.run(online ? 1 : 0, libraryId);
  }

  loadScore(id: number): { blurScore: number; verdict: Verdict; blurType: BlurType | null } | undefined {
    return this.s.score.get(id) as ReturnType<PhotoStore['loadScore']>;
  }

  photoAt(path: string): { id: number; status: PhotoStatus; size: number; mtimeMs: number; fingerprint: string | null } | undefined {
    return this.s.byPath.get(path) as ReturnType<PhotoStore['photoAt']>;
  }

  withFingerprint(libraryId: number, fingerprint: string): { id: number; path: string; status: PhotoStatus }[] {
    return this.s.byFingerprint.all(libraryId, fingerprint) as ReturnType<PhotoStore['withFingerprint']>;
  }

  /** A problem that belongs to no photo row, e.g. a folder that could not be read. */
  logProblem(path: string, code: string, message: string): void {
    this.s.insertError.run(null, path, code, message, Date.now());
  }

  saveError(id: number, path: string, code: string, message: string): void {
    this.db.transaction(() => {
      this.s.setStatus.run('error', id);
      this.s.clearErrors.run(id);
      this.s.insertError.run(id, path, code, message, Date.now());
    })();
  }
}
