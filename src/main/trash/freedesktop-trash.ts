import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TrashedFile {
  trashPath: string;
  infoPath: string;
}

export class TrashError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function deletionDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/**
 * The freedesktop.org trash (what GNOME, KDE and `gio trash` use, and what Electron's
 * shell.trashItem writes to on Linux): files/ holds the file, info/NAME.trashinfo its original
 * path and deletion date. Files are only ever renamed, never copied and deleted.
 */
export class FreedesktopTrash {
  readonly homeTrash: string;

  constructor(homeTrash?: string) {
    this.homeTrash = homeTrash ?? path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'Trash');
  }

  async trash(file: string, now = new Date()): Promise<TrashedFile> {
    const abs = path.resolve(file);
    await fs.promises.lstat(abs).catch((err) => {
      throw new TrashError('NOT_FOUND', `cannot move to trash: ${(err as Error).message}`);
    });
    const dir = this.homeTrash;
    await fs.promises.mkdir(path.join(dir, 'files'), { recursive: true, mode: 0o700 });
    await fs.promises.mkdir(path.join(dir, 'info'), { recursive: true, mode: 0o700 });
    const { name, infoPath } = await this.reserveName(dir, path.basename(abs), abs, now);
    const trashPath = path.join(dir, 'files', name);
    try {
      await fs.promises.rename(abs, trashPath);
    } catch (err) {
      await fs.promises.rm(infoPath, { force: true });
      const code = (err as NodeJS.ErrnoException).code;
      throw new TrashError(code ?? 'TRASH_FAILED', code === 'EXDEV'
        ? 'cannot move to the trash: the photo is on a different drive than the trash folder'
        : `cannot move to the trash: ${(err as Error).message}`);
    }
    return { trashPath, infoPath };
  }

  /** Moves a trashed file back to where it came from; never overwrites a file (or a link) that is there now. */
  async restore(trashPath: string, originalPath: string): Promise<void> {
    const taken = () => new TrashError('EEXIST', `cannot restore: a file already exists at ${originalPath}`);
    if (await fs.promises.lstat(originalPath).then(() => true, () => false)) throw taken();
    if (!(await fs.promises.lstat(trashPath).then(() => true, () => false))) {
      throw new TrashError('NOT_IN_TRASH', 'the file is no longer in the trash (was the trash emptied?)');
    }
    await fs.promises.mkdir(path.dirname(originalPath), { recursive: true });
    try {
      // A hard link fails if the name was taken meanwhile, where a rename would replace what is there.
      await fs.promises.link(trashPath, originalPath);
      await fs.promises.unlink(trashPath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw taken();
      if (!['EPERM', 'ENOTSUP', 'EXDEV', 'EMLINK', 'ENOSYS'].includes(code ?? '')) throw err;
      await fs.promises.rename(trashPath, originalPath); // a file system without hard links
    }
    const info = path.join(path.dirname(path.dirname(trashPath)), 'info', `${path.basename(trashPath)}.trashinfo`);
    await fs.promises.rm(info, { force: true });
  }

  /** Finds a file some other program (e.g. shell.trashItem) put in the trash, by original path, nearest to `around`. */
  async find(originalPath: string, around: number): Promise<string | null> {
    const infoDir = path.join(this.homeTrash, 'info');
    const names = await fs.promises.readdir(infoDir).catch(() => [] as string[]);
    let best: { file: string; delta: number } | null = null;
    for (const name of names.filter((n) => n.endsWith('.trashinfo'))) {
      const text = await fs.promises.readFile(path.join(infoDir, name), 'utf8').catch(() => '');
      const p = /^Path=(.*)$/m.exec(text)?.[1];
      if (!p || decodeURIComponent(p) !== originalPath) continue;
      const when = Date.parse(/^DeletionDate=(.*)$/m.exec(text)?.[1] ?? '');
      const delta = Number.isNaN(when) ? Number.MAX_SAFE_INTEGER : Math.abs(when - around);
      const file = path.join(this.homeTrash, 'files', name.slice(0, -'.trashinfo'.length));
      if (fs.existsSync(file) && (!best || delta < best.delta)) best = { file, delta };
    }
    return best?.file ?? null;
  }

  private async reserveName(dir: string, base: string, abs: string, now: Date): Promise<{ name: string; infoPath: string }> {
    const ext = path.extname(base);
    const stem = base.slice(0, base.length - ext.length);
    for (let i = 1; i < 10_000; i++) {
      const name = i === 1 ? base : `${stem}.${i}${ext}`;
      const infoPath = path.join(dir, 'info', `${name}.trashinfo`);
      try {
        // O_EXCL on the info file is the spec's way to claim a name atomically.
        await fs.promises.writeFile(infoPath, `[Trash Info]\nPath=${encodePath(abs)}\nDeletionDate=${deletionDate(now)}\n`, { flag: 'wx' });
        if (fs.existsSync(path.join(dir, 'files', name))) {
          await fs.promises.rm(infoPath);
          continue;
        }
        return { name, infoPath };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new TrashError('TRASH_FULL', 'could not find a free name in the trash');
  }
}
