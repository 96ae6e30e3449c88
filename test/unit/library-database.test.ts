import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openLibraryDatabase, quickCheck, schemaVersion } from '../../src/main/db/library-database.ts';
import { migrations, type Migration } from '../../src/main/db/migrations.ts';
import { tempDir } from '../helpers/photo-factory.ts';

describe('library database', () => {
  it('migrates a new file to the latest schema with WAL, foreign keys and STRICT tables', () => {
    const file = path.join(tempDir(), 'lib', 'library.db');
    const db = openLibraryDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(quickCheck(db)).toBe('ok');
    const strict = db.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND strict = 1 ORDER BY name").all();
    expect(strict.map((r) => (r as { name: string }).name)).toEqual(expect.arrayContaining(['libraries', 'photos', 'scores', 'photo_errors']));
    db.prepare('INSERT INTO libraries (path, added_at) VALUES (?, ?)').run('/x', 1);
    expect(() => db.prepare('INSERT INTO libraries (path, added_at) VALUES (?, ?)').run('/y', 'yesterday')).toThrow(/cannot store TEXT/);
    expect(() => db.prepare(
      "INSERT INTO photos (library_id, path, format, status, size, mtime_ms, indexed_at) VALUES (999, '/a.jpg', 'jpeg', 'pending', 1, 1, 1)",
    ).run()).toThrow(/FOREIGN KEY/);
    db.close();
    // Reopening runs nothing new.
    const again = openLibraryDatabase(file);
    expect(schemaVersion(again)).toBe(migrations.length);
    again.close();
  });

  it('refuses a database written by a newer version, without touching it', () => {
    const file = path.join(tempDir(), 'future.db');
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${migrations.length + 5}`);
    raw.close();
    expect(() => openLibraryDatabase(file)).toThrow(/newer Crisp/);
    const check = new BetterSqlite3(file);
    expect(check.pragma('user_version', { simple: true })).toBe(migrations.length + 5);
    check.close();
  });

  it('rolls back a failing migration and leaves user_version where it was', () => {
    const file = path.join(tempDir(), 'broken.db');
    const broken: Migration[] = [...migrations, { version: migrations.length + 1, name: 'broken', up: (d) => d.exec('CREATE TABLE t (x INTEGER) STRICT; SELECT * FROM nope;') }];
    expect(() => openLibraryDatabase(file, { migrationList: broken })).toThrow(/no such table/);
    const db = openLibraryDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('rejects migrations that are not numbered in order', () => {
    const bad: Migration[] = [{ ...migrations[0], version: 2 }];
    expect(() => openLibraryDatabase(path.join(tempDir(), 'x.db'), { migrationList: bad })).toThrow(/expected 1/);
  });
});
