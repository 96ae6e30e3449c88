import { shell } from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FreedesktopTrash, TrashError } from '../trash/freedesktop-trash.ts';
import type { Trasher } from '../trash/trasher.ts';

/**
 * Moves files with the OS's own trash (shell.trashItem). Restoring is the OS's business too: on
 * Linux the freedesktop .trashinfo tells where each file came from; on macOS the file is looked up
 * in ~/.Trash by name and size; Windows has no API for it, so the user is sent to the Recycle Bin.
 */
export function electronTrasher(): Trasher {
  const freedesktop = new FreedesktopTrash();
  return {
    async moveToTrash(file) {
      await shell.trashItem(file);
      if (fs.existsSync(file)) throw new TrashError('TRASH_FAILED', 'the system did not move the file to the trash');
      const trashPath = process.platform === 'linux' ? await freedesktop.find(file, Date.now()) : null;
      return { trashPath };
    },
    async restore({ originalPath, trashPath, trashedAt }) {
      if (process.platform === 'linux') {
        const found = trashPath && fs.existsSync(trashPath) ? trashPath : await freedesktop.find(originalPath, trashedAt);
        if (!found) throw new TrashError('NOT_IN_TRASH', 'the file is no longer in the trash (was the trash emptied?)');
        await freedesktop.restore(found, originalPath);
        return;
      }
      if (process.platform === 'darwin') {
        const candidate = path.join(os.homedir(), '.Trash', path.basename(originalPath));
        if (!fs.existsSync(candidate)) throw new TrashError('NOT_IN_TRASH', 'not found in the Trash; use Finder\'s "Put Back"');
        if (fs.existsSync(originalPath)) throw new TrashError('EEXIST', `a file already exists at ${originalPath}`);
        await fs.promises.rename(candidate, originalPath);
        return;
      }
      throw new TrashError('RESTORE_UNSUPPORTED', 'restore it from the Recycle Bin (right-click, Restore)');
    },
  };
}
