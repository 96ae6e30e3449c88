import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import { openLibraryDatabase, photoCount, quickCheck, schemaVersion, type Database, type OpenOptions } from './library-database.ts';

export class DatabaseDamagedError extends Error {
  readonly code = 'DB_DAMAGED';
}

export interface RestoredFromBackup {
  backupPath: string;
  /** When the backup was written (the last clean close). */
  backupTime: Date;
  /** Where the damaged (or emptied) file was moved; it is kept, never deleted. Null when there was no file. */
  damagedCopy: string | null;
  reason: string;
}

export interface OpenedDatabase {
  db: Database;
  restored: RestoredFromBackup | null;
}

export interface BackupResult {
  path: string;
  /** Set when the previous backup held more photos than the library: it was kept here instead of replaced. */
  keptPrevious: { path: string; photos: number; libraryPhotos: number } | null;
}

export function backupPathFor(file: string): string {
  return `${file}.backup`;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * Photos in a database file, or null when it is not a readable library (`verify`: nor passes
 * quick_check). Opens it read-write so no -wal/-shm stays behind.
 */
function photosIn(file: string, nativeBinding?: string, verify = true): number | null {
  if (!fs.existsSync(file)) return null;
  let db: Database | null = null;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.pragma('busy_timeout = 5000');
    return !verify || quickCheck(db) === 'ok' ? photoCount(db) : null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/**
 * Copies the open database to `<file>.backup` (written aside, then renamed, so a crash mid-copy keeps
 * the old backup). A backup that holds more photos than the library is never replaced: it is kept
 * beside it under a dated name, and the caller says so.
 */
export async function backupDatabase(db: Database, file: string, nativeBinding?: string): Promise<BackupResult> {
  const target = backupPathFor(file);
  const partial = `${target}.partial`;
  let keptPrevious: BackupResult['keptPrevious'] = null;
  try {
    await db.backup(partial);
    // A rollback-journal file stands alone: it can be read without -wal/-shm files appearing beside it.
    const copy = new BetterSqlite3(partial, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    copy.pragma('journal_mode = DELETE');
    copy.close();
    // Counting is enough here (a close should stay quick); a backup too damaged to count is replaced.
    const previous = photosIn(target, nativeBinding, false);
    const now = photoCount(db);
    if (previous !== null && previous > now) {
      const kept = `${target}-${stamp()}`;
      fs.renameSync(target, kept);
      keptPrevious = { path: kept, photos: previous, libraryPhotos: now };
    }
    fs.renameSync(partial, target);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return { path: target, keptPrevious };
}

const damageCodes = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

function isDamage(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return err instanceof DatabaseDamagedError || damageCodes.has(code) || code.startsWith('SQLITE_CORRUPT_');
}

function openChecked(file: string, options: OpenOptions, verify: boolean): Database {
  const db = openLibraryDatabase(file, options);
  if (!verify) return db;
  const check = quickCheck(db);
  if (check !== 'ok') {
    db.close();
    const lines = check.split('\n').filter((l) => !l.startsWith('***'));
    throw new DatabaseDamagedError(`integrity check failed: ${lines.slice(0, 2).join('; ')}${lines.length > 2 ? `; and ${lines.length - 2} more` : ''}`);
  }
  return db;
}

/**
 * Why the library file cannot be the library while a backup with photos exists: it is gone, or it is
 * a database with nothing in it (an emptied file opens as a new, valid, empty database).
 */
function emptiness(file: string, nativeBinding?: string): string | null {
  if (!fs.existsSync(file)) return 'the library file was missing';
  let db: Database | null = null;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.pragma('busy_timeout = 5000');
    const tables = (db.prepare('SELECT COUNT(*) AS n FROM sqlite_master').get() as { n: number }).n;
    return schemaVersion(db) === 0 && tables === 0 ? 'the library file was empty' : null;
  } catch {
    return null; // damaged: the damage path below deals with it
  } finally {
    db?.close();
  }
}

function moveAside(file: string, label: string): string | null {
  if (!fs.existsSync(file)) return null;
  const aside = `${file}.${label}-${stamp()}`;
  fs.renameSync(file, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
  }
  return aside;
}

function restoreBackup(file: string, options: OpenOptions, verify: boolean, reason: string, label: string): OpenedDatabase {
  const backupPath = backupPathFor(file);
  const damagedCopy = moveAside(file, label);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true }); // strays of a file that is gone
  fs.copyFileSync(backupPath, file);
  const db = openChecked(file, options, verify);
  return { db, restored: { backupPath, backupTime: fs.statSync(backupPath).mtime, damagedCopy, reason } };
}

/**
 * Opens the library. If the file is damaged (SQLite says so on open, or `verify` runs quick_check and
 * it fails), or missing or empty while the backup from a clean close holds photos, the file is moved
 * aside (kept) and the backup takes its place. Errors that are not damage (no permission, newer
 * schema) are thrown as they are.
 */
export function openOrRestore(file: string, options: OpenOptions & { verify?: boolean } = {}): OpenedDatabase {
  const verify = options.verify ?? false;
  if (file !== ':memory:') {
    const empty = emptiness(file, options.nativeBinding);
    if (empty && (photosIn(backupPathFor(file), options.nativeBinding) ?? 0) > 0) {
      return restoreBackup(file, options, verify, empty, 'empty');
    }
  }
  try {
    return { db: openChecked(file, options, verify), restored: null };
  } catch (err) {
    if (!isDamage(err) || file === ':memory:') throw err;
    const reason = (err as Error).message;
    const backup = backupPathFor(file);
    if (!fs.existsSync(backup)) {
      throw new DatabaseDamagedError(`${file} is damaged (${reason}) and there is no backup to restore`);
    }
    if (photosIn(backup, options.nativeBinding) === null) {
      throw new DatabaseDamagedError(`${file} is damaged (${reason}) and its backup ${backup} is damaged too; both are left as they are`);
    }
    return restoreBackup(file, options, verify, reason, 'damaged');
  }
}
