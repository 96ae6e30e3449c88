import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
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
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, list);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Database, file: string, list: Migration[]): void {
  const current = schemaVersion(db);
  const latest = list.length;
  if (current > latest) throw new DatabaseTooNewError(file, current, latest);
  for (const m of list.slice(current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

export function quickCheck(db: Database): string {
  return db.pragma('quick_check', { simple: true }) as string;
}

/** Opens an existing library read-only, without migrating it: for diagnostics of a file that may be damaged. */
export function openForDiagnostics(file: string): Database {
  return new BetterSqlite3(file, { readonly: true, fileMustExist: true });
}

export const latestSchemaVersion = migrations.length;
