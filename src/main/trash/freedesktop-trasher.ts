import { FreedesktopTrash, TrashError } from './freedesktop-trash.ts';
import type { Trasher } from './trasher.ts';

/** Trasher for Node (the CLI, the browser bridge and tests): the freedesktop trash, optionally at a private location. */
export function freedesktopTrasher(homeTrash?: string): Trasher {
  const trash = new FreedesktopTrash(homeTrash);
  return {
    async moveToTrash(file) {
      const { trashPath } = await trash.trash(file);
      return { trashPath };
    },
    async restore({ originalPath, trashPath, trashedAt }) {
      const found = trashPath ?? (await trash.find(originalPath, trashedAt));
      if (!found) throw new TrashError('NOT_IN_TRASH', 'the file is no longer in the trash (was the trash emptied?)');
      await trash.restore(found, originalPath);
    },
  };
}
