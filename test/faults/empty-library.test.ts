import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBridgeServer } from '../../src/main/bridge/bridge-server.ts';
import { backupDatabase, backupPathFor, openOrRestore } from '../../src/main/db/database-backup.ts';
import { photoCount } from '../../src/main/db/library-database.ts';
import { tempDir } from '../helpers/photo-factory.ts';
import { runCli } from '../helpers/run-cli.ts';
import { libraryWithBackup, photosInBackup, photosInFile } from './fault-library.ts';

const emptyings = {
  deleted: (file: string) => fs.rmSync(file),
  emptied: (file: string) => fs.truncateSync(file, 0),
} as const;

describe('fault: a missing or emptied library never costs the backup', () => {
  for (const [how, empty] of Object.entries(emptyings)) {
    it(`restores the backup when library.db was ${how}, and a clean close keeps all 100 photos`, async () => {
      const dataDir = tempDir();
      const file = await libraryWithBackup(100, dataDir);
      empty(file);

      const bridge = await startBridgeServer({ dataDir, rendererDir: tempDir() });
      expect(bridge.app.session.restored?.reason).toBe(`the library file was ${how === 'deleted' ? 'missing' : 'empty'}`);
      expect(photoCount(bridge.app.session.db)).toBe(100);
      await bridge.close();

      expect(photosInBackup(file)).toBe(100);
      expect(photosInFile(file)).toBe(100);
      // The emptied file is kept, as a damaged one is.
      const kept = fs.readdirSync(dataDir).filter((n) => n.startsWith('library.db.empty-') && !/-(wal|shm)$/.test(n));
      expect(kept).toHaveLength(how === 'deleted' ? 0 : 1);
    });
  }

  it('never replaces a backup with a library that holds fewer photos: the old backup is kept beside it', async () => {
    const file = await libraryWithBackup(100);
    const { db } = openOrRestore(file);
    db.prepare("DELETE FROM photos WHERE id > 40").run();
    const result = await backupDatabase(db, file);
    db.close();
    expect(result.keptPrevious).toMatchObject({ photos: 100, libraryPhotos: 40 });
    expect(photosInBackup(file)).toBe(40);
    const copy = path.join(tempDir(), 'kept.db');
    fs.copyFileSync(result.keptPrevious!.path, copy);
    expect(photosInFile(copy)).toBe(100);
  });

  it('a backup stands alone: reading it leaves no -wal or -shm beside it', async () => {
    const dir = tempDir();
    await libraryWithBackup(3, dir);
    expect(fs.readFileSync(backupPathFor(path.join(dir, 'library.db'))).subarray(18, 20)).toEqual(Buffer.from([1, 1]));
  });

  it('crisp check reports both photo counts and warns, exit 1, when the backup holds more', async () => {
    const file = await libraryWithBackup(100);
    const healthy = await runCli(['check', '--db', file]);
    expect(healthy.code, healthy.stderr).toBe(0);
    expect(healthy.stdout).toMatch(/library: .* 100 photos in 1 libraries/);
    expect(healthy.stdout).toMatch(/backup: .* 100 photos in 1 libraries/);

    fs.truncateSync(file, 0);
    const emptied = await runCli(['check', '--db', file]);
    expect(emptied.code).toBe(1);
    expect(emptied.stdout).toMatch(/library: .*ok \(schema 0 of \d+, 0 photos/);
    expect(emptied.stdout).toMatch(/WARNING: the backup holds 100 photos and the library 0\. .*copy .*library\.db\.backup over .*library\.db/);
    expect(fs.statSync(file).size).toBe(0); // checking changes nothing

    fs.rmSync(file);
    const deleted = await runCli(['check', '--db', file]);
    expect(deleted.code).toBe(2);
    expect(deleted.stderr.trim()).toMatch(/^crisp: no library database at .*; its backup .* holds 100 photos$/);
  });

  it('the CLI restores the backup instead of rescanning into an empty library', async () => {
    const file = await libraryWithBackup(100);
    fs.truncateSync(file, 0);
    const r = await runCli(['export', '--db', file, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(photosInFile(file)).toBe(100);
  });
});
