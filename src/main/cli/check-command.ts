import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDatabasePath } from '../app-paths.ts';
import { backupPathFor } from '../db/database-backup.ts';
import { latestSchemaVersion, openForDiagnostics, photoCount, quickCheck, schemaVersion } from '../db/library-database.ts';
import { UsageError } from './scan-command.ts';

export const checkUsage = `Usage: crisp check [--db FILE] [--json]

Checks a library database without changing it: SQLite's quick_check, the schema version, what it
holds, and the backup the app writes on every clean close (restored automatically if the library
is ever found damaged). Exit status 1 if the database is damaged or its backup holds more photos than it.`;

export interface FileCheck {
  path: string;
  status: 'ok' | 'damaged' | 'missing';
  detail: string;
  schema?: number;
  photos?: number;
  libraries?: number;
  modified?: string;
}

export function checkDatabaseFile(file: string): FileCheck {
  if (!fs.existsSync(file)) return { path: file, status: 'missing', detail: 'no such file' };
  const modified = fs.statSync(file).mtime.toISOString();
  let opened: ReturnType<typeof openForDiagnostics> | null = null;
  try {
    opened = openForDiagnostics(file);
    const { db } = opened;
    const check = quickCheck(db);
    if (check !== 'ok') return { path: file, status: 'damaged', detail: check, modified };
    const schema = schemaVersion(db);
    const libraries = schema > 0 ? (db.prepare('SELECT COUNT(*) AS n FROM libraries').get() as { n: number }).n : 0;
    return { path: file, status: 'ok', detail: 'quick_check ok', schema, photos: photoCount(db), libraries, modified };
  } catch (err) {
    return { path: file, status: 'damaged', detail: (err as Error).message, modified };
  } finally {
    opened?.db.close();
    opened?.dispose();
  }
}

/** The warning when the backup holds photos the library does not (an emptied or replaced library), with the fix. */
export function backupWarning(library: FileCheck, backup: FileCheck): string | null {
  if (backup.status !== 'ok' || (backup.photos ?? 0) <= (library.photos ?? 0)) return null;
  return `WARNING: the backup holds ${backup.photos} photos and the library ${library.photos ?? 0}. If photos are missing from ` +
    `Crisp, quit it and copy ${backup.path} over ${library.path}.`;
}

function describe(label: string, c: FileCheck): string {
  if (c.status === 'missing') return `${label}: ${c.path}: none${label === 'backup' ? ' yet (the app writes it when it closes)' : ''}`;
  if (c.status === 'damaged') return `${label}: ${c.path}: DAMAGED (${c.detail})`;
  return `${label}: ${c.path}: ok (schema ${c.schema} of ${latestSchemaVersion}, ${c.photos} photos in ${c.libraries} libraries, written ${c.modified})`;
}

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`${checkUsage}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`check takes no folder (got ${positionals[0]}); use --db FILE`);
  const file = path.resolve(values.db ?? defaultDatabasePath());
  const library = checkDatabaseFile(file);
  const backup = checkDatabaseFile(backupPathFor(file));
  const warning = library.status === 'missing' ? null : backupWarning(library, backup);
  if (values.json) process.stdout.write(`${JSON.stringify({ library, backup, warning })}\n`);
  else process.stdout.write(`${describe('library', library)}\n${describe('backup', backup)}\n${warning ? `${warning}\n` : ''}`);
  if (library.status === 'missing') throw new UsageError(`no library database at ${file}${backup.status === 'ok' ? `; its backup ${backup.path} holds ${backup.photos} photos` : ''}`);
  return library.status === 'ok' && !warning ? 0 : 1;
}
