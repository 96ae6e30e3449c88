import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase, backupPathFor, openOrRestore } from '../../src/main/db/database-backup.ts';
import type { Database } from '../../src/main/db/library-database.ts';
import { ScanSession } from '../../src/main/scan/scan-session.ts';
import { tempDir } from '../helpers/photo-factory.ts';
import { runCli } from '../helpers/run-cli.ts';

function addLibraries(db: Database, prefix: string, n: number): void {
  const insert = db.prepare('INSERT INTO libraries (path, added_at) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) insert.run(`/photos/${prefix}-${i}-${'x'.repeat(200)}`, Date.now());
  })();
}

const libraryCount = (db: Database) => (db.prepare('SELECT COUNT(*) AS n FROM libraries').get() as { n: number }).n;

/** A library with `before` rows in its backup and `after` more written since. */
async function libraryWithBackup(before: number, after: number): Promise<string> {
  const file = path.join(tempDir(), 'library.db');
  const { db } = openOrRestore(file);
  addLibraries(db, 'a', before);
  await backupDatabase(db, file);
  addLibraries(db, 'b', after);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

/** Overwrites bytes in place, as a failing disk or a killed copy would. */
function damage(file: string, offset: number, length: number): Buffer {
  const fd = fs.openSync(file, 'r+');
  const junk = Buffer.alloc(length, 0xa5);
  fs.writeSync(fd, junk, 0, length, offset);
  fs.closeSync(fd);
  return fs.readFileSync(file);
}

describe('library database backup and restore', () => {
  it('restores the backup from the last clean close when the file is no longer a database, and keeps the damaged copy', async () => {
    const file = await libraryWithBackup(3, 2);
    const damagedBytes = damage(file, 0, 100);

    const { db, restored } = openOrRestore(file);
    try {
      expect(restored).not.toBeNull();
      expect(restored!.backupPath).toBe(backupPathFor(file));
      expect(restored!.reason).toMatch(/not a database/);
      expect(libraryCount(db)).toBe(3); // what the backup held; the 2 written after it are gone
      expect(fs.readFileSync(restored!.damagedCopy!).equals(damagedBytes)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('finds damage inside the file with quick_check when asked to verify', async () => {
    const file = await libraryWithBackup(400, 400);
    // The header stays valid, so SQLite opens it happily; pages in the middle of the table are junk.
    damage(file, 4096 * 3, 4096 * 4);

    const unverified = openOrRestore(file);
    expect(unverified.restored).toBeNull();
    unverified.db.close();

    const { db, restored } = openOrRestore(file, { verify: true });
    try {
      expect(restored?.reason).toMatch(/integrity check failed/);
      expect(libraryCount(db)).toBe(400);
    } finally {
      db.close();
    }
  });

  it('says so when a damaged library has no backup, and leaves the file where it is', () => {
    const file = path.join(tempDir(), 'library.db');
    fs.writeFileSync(file, 'this is not a database, it only has the name of one'.repeat(100));
    expect(() => openOrRestore(file)).toThrow(/damaged .* no backup to restore/);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^this is not a database/);
  });

  it('does not treat an unusable path as damage', () => {
    const dir = tempDir();
    fs.writeFileSync(backupPathFor(dir), 'a backup that must not be used');
    expect(() => openOrRestore(dir)).toThrow(expect.objectContaining({ code: 'SQLITE_CANTOPEN' }));
  });

  it('writes the backup when the app closes the session cleanly', async () => {
    const file = path.join(tempDir(), 'library.db');
    const session = ScanSession.open({ databasePath: file });
    addLibraries(session.db, 'c', 4);
    await session.close({ backup: true });
    const { db } = openOrRestore(backupPathFor(file));
    expect(libraryCount(db)).toBe(4);
    db.close();
  });

  it('crisp check reports a healthy library and its backup, and exits 1 for a damaged one', async () => {
    const file = await libraryWithBackup(2, 1);
    const ok = await runCli(['check', '--db', file, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as { library: { status: string; libraries: number; schema: number }; backup: { status: string; libraries: number } };
    expect(report.library).toMatchObject({ status: 'ok', libraries: 3 });
    expect(report.library.schema).toBeGreaterThan(0);
    expect(report.backup).toMatchObject({ status: 'ok', libraries: 2 });

    const before = damage(file, 0, 100);
    const bad = await runCli(['check', '--db', file]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/library: .*DAMAGED/);
    expect(bad.stdout).toMatch(/backup: .*ok \(schema/);
    expect(fs.readFileSync(file).equals(before)).toBe(true); // checking never repairs or rewrites
  });
});
