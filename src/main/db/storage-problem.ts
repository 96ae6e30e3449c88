import fs from 'node:fs';
import path from 'node:path';

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    // root passes access() on a read-only mount; statfs does not know either, so try.
    const probe = path.join(dir, `.crisp-write-probe-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** What the user can do about a failure of the disk or the database file, in one line; null for anything else. */
export function storageProblem(err: unknown, db: string): string | null {
  const code = errorCode(err);
  const message = (err as Error).message;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return `the disk holding ${db} is full (${message}); free some space and run again (what was saved is kept)`;
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return `${db} is read-only (${message}); make it and its folder writable, or pass another --db`;
  if (code === 'DB_DAMAGED') return message; // already names the file and what became of its backup
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `${db} is damaged (${message}); run "crisp check --db ${db}" to see it and its backup (${db}.backup)`;
  }
  if (code.startsWith('SQLITE_CANTOPEN') && fs.existsSync(db) && !writable(path.dirname(db))) {
    return `${db} is read-only (its folder cannot be written; SQLite needs to write -wal and -shm beside it); make the folder writable, or pass another --db`;
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EPERM') return `cannot use library database ${db}: ${message}; check that its folder exists and is writable, or pass another --db`;
  if (code.startsWith('SQLITE_BUSY')) return `${db} is busy in another process (${message}); try again when it is done`;
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return `cannot read or write ${db} (${code}: ${message}); check the disk it is on`;
  return null;
}
