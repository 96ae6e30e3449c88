import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { LibrarySummary, PhotoProblem } from '../../shared/review-types.ts';

/** Library roots as the Libraries screen lists them. */
export class LibraryService {
  constructor(private readonly db: Database, private readonly isScanning: (libraryId: number) => boolean) {}

  list(threshold: number): LibrarySummary[] {
    const rows = this.db.prepare(`
      SELECT l.id, l.path, l.last_scan_at AS lastScanAt, l.watched, l.online,
        (SELECT count(*) FROM photos p WHERE p.library_id = l.id AND p.status NOT IN ('missing', 'trashed')) AS photoCount,
        (SELECT count(*) FROM photos p JOIN scores s ON s.photo_id = p.id
          WHERE p.library_id = l.id AND p.status = 'scored' AND s.blur_score >= ?) AS flaggedCount,
        (SELECT count(*) FROM photos p WHERE p.library_id = l.id AND p.status = 'error') AS errorCount
      FROM libraries l ORDER BY l.path`).all(threshold) as (Omit<LibrarySummary, 'watched' | 'online' | 'scanning'> & { watched: number; online: number })[];
    return rows.map((r) => ({ ...r, watched: r.watched === 1, online: r.online === 1, scanning: this.isScanning(r.id) }));
  }

  get(libraryId: number, threshold: number): LibrarySummary {
    const lib = this.list(threshold).find((l) => l.id === libraryId);
    if (!lib) throw Object.assign(new Error(`no library with id ${libraryId}`), { code: 'NOT_FOUND' });
    return lib;
  }

  problems(libraryId: number): PhotoProblem[] {
    return (this.db.prepare(`
      SELECT p.id AS photoId, p.path, e.code, e.message FROM photos p
      JOIN photo_errors e ON e.id = (SELECT max(id) FROM photo_errors WHERE photo_id = p.id)
      WHERE p.library_id = ? AND p.status = 'error' ORDER BY p.path LIMIT 1000`).all(libraryId) as Omit<PhotoProblem, 'fileName'>[])
      .map((r) => ({ ...r, fileName: path.basename(r.path) }));
  }

  /** Validates a folder the user chose; nested libraries would index the same photos twice. */
  checkNewRoot(folder: string): string {
    const abs = path.resolve(folder);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw Object.assign(new Error(`There is no folder at ${abs}. Check the path, or choose the folder with Add folder….`), { code: 'DIR_NOT_FOUND' });
    }
    if (!st.isDirectory()) throw Object.assign(new Error(`${abs} is a file, not a folder. Add the folder that holds your photos.`), { code: 'NOT_A_FOLDER' });
    const roots = (this.db.prepare('SELECT path FROM libraries').all() as { path: string }[]).map((r) => r.path);
    const clash = roots.find((r) => r !== abs && (abs.startsWith(r + path.sep) || r.startsWith(abs + path.sep)));
    if (clash) throw Object.assign(new Error(`${abs} overlaps the library ${clash}, so its photos would be indexed twice. Add one or the other.`), { code: 'OVERLAPPING_LIBRARY' });
    return abs;
  }

  /** Forgets the library and its index. Photos on disk are not touched. */
  remove(libraryId: number): void {
    this.db.prepare('DELETE FROM libraries WHERE id = ?').run(libraryId);
  }
}
