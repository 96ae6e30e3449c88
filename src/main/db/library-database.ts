import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertMigrationsOrdered, migrations, type Migration } from './migrations.ts';

export type { Database } from 'better-sqlite3';

export class DatabaseTooNewError extends Error {
  readonly code = 'DB_TOO_NEW';
  constructor(file: string, found: number, supported: number) {
    super(
      `${file} was written by a newer Crisp (schema ${found}; this version understands up to ${supported}). ` +
        'Update Crisp, or open a different library file.',
    );
  }
}

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running ABI (Electron ships its own build). */
  nativeBinding?: string;
  migrationList?: Migration[];
}

export function openLibraryDatabase(file: string, options: OpenOptions = {}): Database {
  const list = options.migrationList ?? migrations;
  assertMigrationsOrdered(list);
  if (file !== ':memory:') ensureFolder(path.dirname(path.resolve(file)));
  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // First, so that a second process opening the same file waits for the first's lock instead of failing.
    db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
    switchToWal(db);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, file, list);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

const BUSY_WAIT_MS = 5000;

/**
 * Switching a new file to WAL takes a write lock while the statement already holds a read lock, and
 * SQLite answers SQLITE_BUSY at once rather than wait (waiting could deadlock), busy_timeout or not.
 * So another process opening the same new library at the same moment is retried here.
 */
function switchToWal(db: Database): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (const deadline = Date.now() + BUSY_WAIT_MS; ; ) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
      Atomics.wait(sleeper, 0, 0, 10 + Math.random() * 20);
    }
  }
}

/** mkdir -p one level at a time: Node's recursive mkdir never returns under /proc. */
function ensureFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) fs.mkdirSync(d);
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Database, file: string, list: Migration[]): void {
  const latest = list.length;
  if (schemaVersion(db) === latest) return;
  // The version is read again under the write lock: another process may have migrated while this one waited for it.
  db.transaction(() => {
    const current = schemaVersion(db);
    if (current > latest) throw new DatabaseTooNewError(file, current, latest);
    for (const m of list.slice(current)) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}

export function quickCheck(db: Database): string {
  return db.pragma('quick_check', { simple: true }) as string;
}

/**
 * Opens a copy of an existing library (and its -wal), without migrating it: for diagnostics of a file
 * that may be damaged, in a folder that may be read-only. The file itself is never opened, so no
 * -wal or -shm appears beside it and nothing about it changes. Returns the copy and a cleanup.
 */
export function openForDiagnostics(file: string): { db: Database; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crisp-check-'));
  const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const copy = path.join(dir, 'library.db');
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    return { db: new BetterSqlite3(copy, { fileMustExist: true }), dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/** Photos in the library (0 for a database without tables yet). */
export function photoCount(db: Database): number {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'photos'").get() !== undefined;
  return hasTable ? (db.prepare('SELECT COUNT(*) AS n FROM photos').get() as { n: number }).n : 0;
}

export const latestSchemaVersion = migrations.length;
