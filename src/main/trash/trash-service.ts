import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import type { TrashLogEntry, TrashMoveResult } from '../../shared/review-types.ts';
import { fingerprintFile } from '../library/file-fingerprint.ts';
import { candidatePaths, sidecarPath } from '../sidecars/xmp-sidecar.ts';
import type { Trasher } from './trasher.ts';

interface PhotoForTrash {
  id: number;
  path: string;
  size: number;
  mtimeMs: number;
  fingerprint: string | null;
  status: string;
}

const publicColumns = `id, photo_id AS photoId, original_path AS originalPath, size, trashed_at AS trashedAt, status, error,
  restored_at AS restoredAt`;
const entryColumns = `${publicColumns}, trash_path AS trashPath, fingerprint`;

/**
 * The only way a photo leaves its folder: the OS trash, one logged move at a time (original path,
 * fingerprint, time), undoable. A move that fails leaves the file where it is and says why.
 */
export class TrashService {
  constructor(
    private readonly db: Database,
    private readonly trasher: Trasher,
    private readonly beforeMove: (file: string) => void = () => {},
  ) {}

  async move(photoIds: number[]): Promise<TrashMoveResult & { logIds: number[] }> {
    const get = this.db.prepare('SELECT id, path, size, mtime_ms AS mtimeMs, fingerprint, status FROM photos WHERE id = ?');
    const log = this.db.prepare(`INSERT INTO trash_log (photo_id, original_path, fingerprint, size, trashed_at, trash_path, status, error)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const result: TrashMoveResult & { logIds: number[] } = { moved: [], failed: [], logIds: [] };
    const moved: { photoId: number; path: string; logId: number }[] = [];
    for (const photoId of photoIds) {
      const p = get.get(photoId) as PhotoForTrash | undefined;
      if (!p) {
        result.failed.push({ photoId, path: '', message: 'not in the library' });
        continue;
      }
      const problem = this.checkUnchanged(p);
      if (problem) {
        log.run(p.id, p.path, p.fingerprint, p.size, Date.now(), null, 'failed', problem);
        result.failed.push({ photoId, path: p.path, message: problem });
        continue;
      }
      try {
        this.beforeMove(p.path);
        const { trashPath } = await this.trasher.moveToTrash(p.path);
        const logId = Number(log.run(p.id, p.path, p.fingerprint, p.size, Date.now(), trashPath, 'trashed', null).lastInsertRowid);
        this.db.prepare("UPDATE photos SET status = 'trashed' WHERE id = ?").run(p.id);
        result.moved.push(photoId);
        result.logIds.push(logId);
        moved.push({ photoId, path: p.path, logId });
      } catch (err) {
        const message = (err as Error).message;
        log.run(p.id, p.path, p.fingerprint, p.size, Date.now(), null, 'failed', message);
        result.failed.push({ photoId, path: p.path, message });
      }
    }
    // After the whole batch, so the sidecar a RAW+JPEG pair shares goes once both files have gone.
    for (const m of moved) await this.moveSidecars(m);
    return result;
  }

  /**
   * A sidecar left beside a photo that is gone would be an orphan in the library: it goes to the
   * trash with its photo and comes back with it. IMG.xmp stays while another file of the shot remains.
   */
  private async moveSidecars(m: { photoId: number; path: string; logId: number }): Promise<void> {
    const shared = sidecarPath(m.path, 'replace-extension');
    const sharedInUse = this.db.prepare(`SELECT 1 FROM photos q JOIN photos p ON q.shot_key = p.shot_key AND q.library_id = p.library_id
      WHERE p.id = ? AND q.id != p.id AND q.status NOT IN ('missing', 'trashed')`).get(m.photoId) !== undefined;
    const gone: { originalPath: string; trashPath: string | null }[] = [];
    for (const file of new Set(candidatePaths(m.path))) {
      if (sharedInUse && file.toLowerCase() === shared.toLowerCase()) continue;
      if (!fs.existsSync(file)) continue;
      try {
        const { trashPath } = await this.trasher.moveToTrash(file);
        gone.push({ originalPath: file, trashPath });
      } catch {
        // The photo itself is in the trash and restorable; a sidecar that would not move stays where it is.
      }
    }
    if (gone.length > 0) this.db.prepare('UPDATE trash_log SET sidecars = ? WHERE id = ?').run(JSON.stringify(gone), m.logId);
  }

  isInTrash(logId: number): boolean {
    return this.db.prepare("SELECT 1 FROM trash_log WHERE id = ? AND status = 'trashed'").get(logId) !== undefined;
  }

  recent(limit = 200): TrashLogEntry[] {
    return this.db.prepare(`SELECT ${publicColumns} FROM trash_log ORDER BY id DESC LIMIT ?`).all(limit) as TrashLogEntry[];
  }

  /** Brings a trashed photo back to its original path and checks it is byte-identical to what left. */
  async restore(logId: number): Promise<TrashLogEntry> {
    const e = this.db.prepare(`SELECT ${entryColumns}, sidecars FROM trash_log WHERE id = ?`).get(logId) as
      (TrashLogEntry & { trashPath: string | null; fingerprint: string | null; sidecars: string | null }) | undefined;
    if (!e) throw Object.assign(new Error(`no trash log entry ${logId}`), { code: 'NOT_FOUND' });
    if (e.status !== 'trashed') throw Object.assign(new Error(`this photo is not in the trash (${e.status})`), { code: 'NOT_TRASHED' });
    await this.trasher.restore({ originalPath: e.originalPath, trashPath: e.trashPath, trashedAt: e.trashedAt });
    if (e.fingerprint && (await fingerprintFile(e.originalPath)) !== e.fingerprint) {
      throw Object.assign(new Error('restored, but the file differs from the one that was trashed'), { code: 'RESTORED_DIFFERENT' });
    }
    for (const sc of JSON.parse(e.sidecars ?? '[]') as { originalPath: string; trashPath: string | null }[]) {
      if (fs.existsSync(sc.originalPath)) continue;
      await this.trasher.restore({ ...sc, trashedAt: e.trashedAt }).catch(() => {});
    }
    const st = fs.statSync(e.originalPath);
    this.db.transaction(() => {
      this.db.prepare("UPDATE trash_log SET status = 'restored', restored_at = ? WHERE id = ?").run(Date.now(), logId);
      if (e.photoId !== null) {
        this.db.prepare(`UPDATE photos SET mtime_ms = ?, size = ?, missing_since = NULL,
          status = CASE WHEN EXISTS (SELECT 1 FROM scores WHERE photo_id = photos.id) THEN 'scored' ELSE 'pending' END WHERE id = ?`)
          .run(Math.trunc(st.mtimeMs), st.size, e.photoId);
        // Someone who restores a photo wants it: it is a keeper now.
        this.db.prepare(`INSERT INTO decisions (photo_id, decision, decided_at) VALUES (?, 'keep', ?)
          ON CONFLICT(photo_id) DO UPDATE SET decision = 'keep', decided_at = excluded.decided_at`).run(e.photoId, Date.now());
      }
    })();
    return this.db.prepare(`SELECT ${publicColumns} FROM trash_log WHERE id = ?`).get(logId) as TrashLogEntry;
  }

  private checkUnchanged(p: PhotoForTrash): string | null {
    if (p.status === 'trashed') return 'already in the trash';
    let st: fs.Stats;
    try {
      st = fs.statSync(p.path);
    } catch {
      return 'the file is no longer there';
    }
    if (st.size !== p.size || Math.trunc(st.mtimeMs) !== p.mtimeMs) return 'the file changed since it was reviewed; rescan it first';
    return null;
  }
}
