import fs from 'node:fs';
import path from 'node:path';
import type { PhotoFormat } from '../../shared/photo-types.ts';
import { photoFormatOf } from './photo-formats.ts';

export interface WalkedFile {
  path: string;
  format: PhotoFormat;
  size: number;
  mtimeMs: number;
}

export interface WalkProblem {
  path: string;
  code: string;
  message: string;
}

/** Folders that cameras, NAS boxes and operating systems fill with things that are not the user's photos. */
const systemFolders = new Set([
  '$recycle.bin', 'system volume information', 'lost+found', '@eadir', '#recycle', '#snapshot',
  'node_modules', '$trash$', 'trash', 'cache',
].map((s) => s.toLowerCase()));

export function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || systemFolders.has(name.toLowerCase());
}

/**
 * Walks a folder tree and yields every photo it finds. Symlinked folders are followed once:
 * each directory is identified by device and inode, so a link cycle cannot loop.
 * Problems (unreadable or vanished folders, broken links) are reported and the walk goes on.
 */
export async function* walkPhotos(root: string, onProblem: (p: WalkProblem) => void): AsyncGenerator<WalkedFile> {
  const visited = new Set<string>();
  const stack: string[] = [path.resolve(root)];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      const st = await fs.promises.stat(dir);
      const key = `${st.dev}:${st.ino}`;
      if (visited.has(key)) continue;
      visited.add(key);
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (err) {
      onProblem(problemFrom(dir, err, 'folder'));
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let st: fs.Stats | null = null;
      if (entry.isSymbolicLink()) {
        try {
          st = await fs.promises.stat(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (err) {
          if (photoFormatOf(full)) onProblem(problemFrom(full, err, 'link'));
          continue;
        }
      }
      if (isDir) {
        if (!isSkippedFolder(entry.name)) subdirs.push(full);
        continue;
      }
      if (!isFile) continue;
      const format = photoFormatOf(entry.name);
      if (!format) continue;
      try {
        st ??= await fs.promises.stat(full);
      } catch (err) {
        onProblem(problemFrom(full, err, 'file'));
        continue;
      }
      yield { path: full, format, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) };
    }
    // Reverse so the stack pops sub-folders in name order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}

function problemFrom(p: string, err: unknown, what: 'folder' | 'file' | 'link'): WalkProblem {
  const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
  // Node replaces bytes that are not UTF-8 with U+FFFD, and no file has that name: it is not gone, it cannot be named.
  if (code === 'ENOENT' && path.basename(p).includes('\uFFFD')) {
    return { path: p, code: 'BAD_FILE_NAME', message: `the ${what} name is not valid UTF-8, so Crisp cannot open it; rename it (e.g. with convmv)` };
  }
  const reason =
    code === 'ENOENT' ? (what === 'link' ? 'broken symbolic link' : `${what} vanished during the scan`)
    : code === 'EACCES' || code === 'EPERM' ? `permission denied reading this ${what}`
    : code === 'ELOOP' ? 'symbolic link loop'
    : (err as Error).message;
  return { path: p, code, message: reason };
}
