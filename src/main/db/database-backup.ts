import fs from 'node:fs';
import { openLibraryDatabase, quickCheck, type Database, type OpenOptions } from './library-database.ts';

export class DatabaseDamagedError extends Error {
  readonly code = 'DB_DAMAGED';
}

export interface RestoredFromBackup {
  backupPath: string;
  /** When the backup was written (the last clean close). */
  backupTime: Date;
  /** Where the damaged file was moved; it is kept, never deleted. */
  damagedCopy: string;
  reason: string;
}

export interface OpenedDatabase {
  db: Database;
  restored: RestoredFromBackup | null;
}

export function backupPathFor(file: string): string {
  return `${file}.backup`;
}

/** Copies the open database to `<file>.backup` (written aside, then renamed, so a crash mid-copy keeps the old backup). */
export async function backupDatabase(db: Database, file: string): Promise<string> {
  const target = backupPathFor(file);
  const partial = `${target}.partial`;
  try {
    await db.backup(partial);
    fs.renameSync(partial, target);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return target;
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
    throw new DatabaseDamagedError(`integrity check failed: ${check}`);
  }
  return db;
}

/**
 * Opens the library; if the file is damaged (SQLite says so on open, or `verify` runs quick_check and
 * it fails) and a backup from a clean close exists, the damaged file is moved aside and the backup
 * takes its place. Errors that are not damage (no permission, newer schema) are thrown as they are.
 */
export function openOrRestore(file: string, options: OpenOptions & { verify?: boolean } = {}): OpenedDatabase {
  const verify = options.verify ?? false;
  try {
    return { db: openChecked(file, options, verify), restored: null };
  } catch (err) {
    if (!isDamage(err) || file === ':memory:') throw err;
    const reason = (err as Error).message;
    const backupPath = backupPathFor(file);
    if (!fs.existsSync(backupPath)) {
      throw new DatabaseDamagedError(`${file} is damaged (${reason}) and there is no backup to restore`);
    }
    const damagedCopy = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(file, damagedCopy);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, damagedCopy + suffix);
    }
    fs.copyFileSync(backupPath, file);
    const db = openChecked(file, options, verify);
    return { db, restored: { backupPath, backupTime: fs.statSync(backupPath).mtime, damagedCopy, reason } };
  }
}
