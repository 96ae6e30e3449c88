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
      const problem = await this.checkUnchanged(p);
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

  /**
   * Brings a trashed photo back to its original path. The copy in the trash is checked first: if it
   * is no longer the file that left (other bytes, a link), it stays in the trash and the entry stays
   * as it was. Where the trash location is not known, the check runs after the move, and a file that
   * came back different is restored all the same but queued for scoring again instead of kept.
   */
  async restore(logId: number): Promise<TrashLogEntry> {
    const e = this.db.prepare(`SELECT ${entryColumns}, sidecars FROM trash_log WHERE id = ?`).get(logId) as
      (TrashLogEntry & { trashPath: string | null; fingerprint: string | null; sidecars: string | null }) | undefined;
    if (!e) throw Object.assign(new Error(`no trash log entry ${logId}`), { code: 'NOT_FOUND' });
    if (e.status !== 'trashed') throw Object.assign(new Error(`this photo is not in the trash (${e.status})`), { code: 'NOT_TRASHED' });
    const inTrash = e.trashPath ? await fs.promises.lstat(e.trashPath).catch(() => null) : null;
    if (inTrash && e.trashPath) {
      const problem = !inTrash.isFile() ? 'is no longer a regular file'
        : e.fingerprint && (await fingerprintFile(e.trashPath)) !== e.fingerprint ? 'differs from the photo that was trashed' : null;
      if (problem) {
        throw Object.assign(new Error(`not restored: the copy in the trash (${e.trashPath}) ${problem}; it was left there`), { code: 'TRASHED_COPY_CHANGED' });
      }
    } else if (e.fingerprint && (await this.alreadyBack(e.originalPath, e.fingerprint))) {
      // Put back by hand, or by a restore interrupted after the move: only the log is behind.
      return this.markRestored(logId, e.photoId, e.originalPath, false);
    }
    await this.trasher.restore({ originalPath: e.originalPath, trashPath: e.trashPath, trashedAt: e.trashedAt });
    const different = e.fingerprint !== null && (await fingerprintFile(e.originalPath)) !== e.fingerprint;
    await this.restoreSidecars(e.sidecars, e.trashedAt);
    return this.markRestored(logId, e.photoId, e.originalPath, different);
  }

  /** The sidecars that went to the trash with the photo come back with it, unless one was written meanwhile. */
  private async restoreSidecars(sidecars: string | null, trashedAt: number): Promise<void> {
    for (const sc of JSON.parse(sidecars ?? '[]') as { originalPath: string; trashPath: string | null }[]) {
      if (fs.existsSync(sc.originalPath)) continue;
      await this.trasher.restore({ ...sc, trashedAt }).catch(() => {});
    }
  }

  private async alreadyBack(file: string, fingerprint: string): Promise<boolean> {
    const st = await fs.promises.lstat(file).catch(() => null);
    return st !== null && st.isFile() && (await fingerprintFile(file).catch(() => null)) === fingerprint;
  }

  private markRestored(logId: number, photoId: number | null, file: string, different: boolean): TrashLogEntry {
    const st = fs.statSync(file);
    this.db.transaction(() => {
      this.db.prepare("UPDATE trash_log SET status = 'restored', restored_at = ?, error = ? WHERE id = ?")
        .run(Date.now(), different ? 'restored, but the file differs from the one that was trashed; it will be scored again' : null, logId);
      if (photoId === null) return;
      if (different) {
        this.db.prepare("UPDATE photos SET status = 'pending', missing_since = NULL WHERE id = ?").run(photoId);
        return;
      }
      this.db.prepare(`UPDATE photos SET mtime_ms = ?, size = ?, missing_since = NULL,
        status = CASE WHEN EXISTS (SELECT 1 FROM scores WHERE photo_id = photos.id) THEN 'scored' ELSE 'pending' END WHERE id = ?`)
        .run(Math.trunc(st.mtimeMs), st.size, photoId);
      // Someone who restores a photo wants it: it is a keeper now.
      this.db.prepare(`INSERT INTO decisions (photo_id, decision, decided_at) VALUES (?, 'keep', ?)
        ON CONFLICT(photo_id) DO UPDATE SET decision = 'keep', decided_at = excluded.decided_at`).run(photoId, Date.now());
    })();
    return this.db.prepare(`SELECT ${publicColumns} FROM trash_log WHERE id = ?`).get(logId) as TrashLogEntry;
  }

  /** Why a photo may not be trashed now: it must still be the regular file, with the bytes, that was reviewed. */
  private async checkUnchanged(p: PhotoForTrash): Promise<string | null> {
    if (p.status === 'trashed') return 'already in the trash';
    const st = await fs.promises.lstat(p.path).catch(() => null);
    if (!st) return 'the file is no longer there';
    if (!st.isFile()) return 'the file is no longer a regular file (a link or a folder now); rescan it first';
    if (st.size !== p.size || Math.trunc(st.mtimeMs) !== p.mtimeMs) return 'the file changed since it was reviewed; rescan it first';
    if (p.fingerprint && (await fingerprintFile(p.path).catch(() => null)) !== p.fingerprint) {
      return 'the file\'s content changed since it was reviewed (same size and time, other bytes); rescan it first';
    }
    return null;
  }
}
