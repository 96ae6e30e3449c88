import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { CopyKeepersResult } from '../../shared/review-types.ts';
import { candidatePaths } from '../sidecars/xmp-sidecar.ts';

export interface KeeperCopyOptions {
  dest: string;
  /** What to do when a file of that name is already in `dest`. */
  collision: 'skip' | 'rename';
  libraryId?: number;
  onProgress?(done: number, total: number): void;
}

interface Shot {
  /** The file name every file of the shot starts with (IMG_1234 for IMG_1234.CR2, IMG_1234.JPG, IMG_1234.xmp). */
  stem: string;
  files: string[];
}

/** The picked photos as shots: each with its RAW or JPEG partner and every sidecar beside them. */
function keeperShots(db: Database, libraryId?: number): Shot[] {
  const rows = db.prepare(`
    SELECT p.shot_key AS shotKey, p.library_id AS libraryId, p.path FROM photos p JOIN decisions d ON d.photo_id = p.id
    WHERE d.decision = 'keep' AND p.status IN ('scored', 'error', 'unsupported', 'pending') ${libraryId === undefined ? '' : 'AND p.library_id = @libraryId'}
    ORDER BY p.path`).all({ libraryId }) as { shotKey: string; libraryId: number; path: string }[];
  const partners = db.prepare(`SELECT path FROM photos WHERE shot_key = ? AND library_id = ? AND status IN ('scored', 'error', 'unsupported', 'pending')`).pluck();
  const shots = new Map<string, Shot>();
  for (const r of rows) {
    const key = `${r.libraryId}\u0000${r.shotKey}`;
    if (shots.has(key)) continue;
    const photos = partners.all(r.shotKey, r.libraryId) as string[];
    const files = new Set(photos);
    for (const photo of photos) for (const sidecar of candidatePaths(photo)) if (fs.existsSync(sidecar)) files.add(sidecar);
    const base = path.basename(r.path);
    shots.set(key, { stem: base.slice(0, base.length - path.extname(base).length), files: [...files].sort() });
  }
  return [...shots.values()];
}

function realFolder(folder: string): string {
  try {
    return fs.realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

/**
 * "Copy keepers to…": copies (never moves) the picked photos with their RAW partners and sidecars
 * into a folder for the editor. A shot whose names are taken there is skipped, or copied under
 * "IMG_1234 (2).*", every file of the shot with the same suffix so the pair stays a pair.
 */
export async function copyKeepers(db: Database, opts: KeeperCopyOptions): Promise<CopyKeepersResult> {
  const dest = path.resolve(opts.dest);
  let st: fs.Stats;
  try {
    st = fs.statSync(dest);
  } catch {
    throw Object.assign(new Error(`The folder ${dest} does not exist. Create it first, or choose another.`), { code: 'DIR_NOT_FOUND' });
  }
  if (!st.isDirectory()) throw Object.assign(new Error(`${dest} is a file, not a folder. Choose a folder.`), { code: 'NOT_A_FOLDER' });
  const realDest = realFolder(dest);
  for (const root of db.prepare('SELECT path FROM libraries').pluck().all() as string[]) {
    const r = realFolder(root);
    if (realDest === r || realDest.startsWith(r + path.sep)) {
      throw Object.assign(new Error(`${dest} is inside the library ${root}, where the copies would be indexed as new photos. Choose a folder outside your libraries.`), { code: 'DEST_IN_LIBRARY' });
    }
  }

  const shots = keeperShots(db, opts.libraryId);
  const total = shots.reduce((n, s) => n + s.files.length, 0);
  const result: CopyKeepersResult = { dest, copied: [], skipped: [], renamed: [], failed: [] };
  let done = 0;
  opts.onProgress?.(0, total);
  for (const shot of shots) {
    const names = shot.files.map((f) => path.basename(f));
    const free = (suffix: string) => names.every((n) => !fs.existsSync(path.join(dest, rename(n, shot.stem, suffix))));
    let suffix = '';
    if (!free('')) {
      if (opts.collision === 'skip') {
        result.skipped.push(...shot.files);
        done += shot.files.length;
        opts.onProgress?.(done, total);
        continue;
      }
      for (let n = 2; !free(suffix = ` (${n})`); n++);
    }
    for (const file of shot.files) {
      const target = path.join(dest, rename(path.basename(file), shot.stem, suffix));
      try {
        // COPYFILE_EXCL: a file that appeared since the check is never overwritten.
        await fs.promises.copyFile(file, target, fs.constants.COPYFILE_EXCL);
        const src = await fs.promises.stat(file);
        await fs.promises.utimes(target, src.atime, src.mtime);
        result.copied.push(target);
        if (suffix) result.renamed.push({ from: file, to: target });
      } catch (err) {
        result.failed.push({ path: file, message: (err as Error).message });
      }
      opts.onProgress?.(++done, total);
    }
  }
  return result;
}

function rename(name: string, stem: string, suffix: string): string {
  if (!suffix) return name;
  return name.toLowerCase().startsWith(stem.toLowerCase()) ? `${name.slice(0, stem.length)}${suffix}${name.slice(stem.length)}` : `${suffix.trim()} ${name}`;
}
