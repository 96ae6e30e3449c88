import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

export class LibraryInUseError extends Error {
  readonly code = 'LIBRARY_IN_USE';
}

interface LockOwner {
  pid: number;
  root: string;
  since: number;
  bootedAt: number;
}

const held = new Map<string, number>();

function bootedAt(): number {
  return Math.round((Date.now() - os.uptime() * 1000) / 1000) * 1000;
}

function alive(owner: LockOwner): boolean {
  // A lock from before a reboot is stale even if its pid was handed to another process since.
  if (Math.abs(owner.bootedAt - bootedAt()) > 60_000) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

export function scanLockPath(databasePath: string, root: string): string {
  return `${databasePath}.scan-${crypto.createHash('sha256').update(root).digest('hex').slice(0, 16)}.lock`;
}

/**
 * Claims the right to scan `root` into the library at `databasePath` for this process (re-entrant:
 * a watcher's reconcile scans under the watcher's claim). A second process gets LibraryInUseError
 * at once instead of scoring every photo a second time. A claim left by a killed process is taken
 * over. Returns the release function.
 */
export function claimScan(databasePath: string, root: string): () => void {
  if (databasePath === ':memory:' || databasePath === '') return () => {};
  const file = scanLockPath(databasePath, root);
  const release = () => {
    const n = (held.get(file) ?? 1) - 1;
    if (n > 0) {
      held.set(file, n);
      return;
    }
    held.delete(file);
    if (readOwner(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  if (held.has(file)) {
    held.set(file, held.get(file)! + 1);
    return release;
  }
  const me: LockOwner = { pid: process.pid, root, since: Date.now(), bootedAt: bootedAt() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      held.set(file, 1);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readOwner(file);
    if (owner && alive(owner)) {
      throw new LibraryInUseError(`${root} is being scanned into ${databasePath} by another Crisp process (pid ${owner.pid}, ` +
        `since ${new Date(owner.since).toLocaleString()}); wait for it to finish, or stop it, and run again`);
    }
    fs.rmSync(file, { force: true }); // left by a process that was killed
  }
  throw new LibraryInUseError(`${root} is being scanned into ${databasePath} by another Crisp process; run again in a moment`);
}
