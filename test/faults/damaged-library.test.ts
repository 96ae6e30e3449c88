import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backupDatabase, backupPathFor, openOrRestore } from '../../src/main/db/database-backup.ts';
import { photoCount, quickCheck } from '../../src/main/db/library-database.ts';
import { checkDatabaseFile } from '../../src/main/cli/check-command.ts';
import { seededRandom } from '../helpers/photo-factory.ts';
import { damage, libraryWithBackup, photosInBackup } from './fault-library.ts';

export const LIBRARY_DAMAGES = 20;
export const BACKUP_DAMAGES = 10;
const PAGE = 4096;

/** Junk over 1-3 whole pages at a seeded place: what a failing disk or an interrupted copy leaves. */
function damagePages(file: string, rand: () => number): void {
  const pages = Math.floor(fs.statSync(file).size / PAGE);
  const first = Math.floor(rand() * pages);
  damage(file, first * PAGE, PAGE * Math.min(pages - first, 1 + Math.floor(rand() * 3)), Math.floor(rand() * 256));
}

describe('fault: damaged library and backup files (seeded)', () => {
  it(`${LIBRARY_DAMAGES} damaged libraries: each is restored from the backup with all its photos, the damaged file kept`, async () => {
    const rand = seededRandom(2024);
    let restored = 0;
    for (let i = 0; i < LIBRARY_DAMAGES; i++) {
      const file = await libraryWithBackup(300);
      damagePages(file, rand);
      const before = fs.readFileSync(file);
      const opened = openOrRestore(file, { verify: true });
      try {
        expect(quickCheck(opened.db)).toBe('ok');
        expect(photoCount(opened.db), `damage ${i}`).toBe(300);
        if (opened.restored) {
          restored++;
          expect(fs.readFileSync(opened.restored.damagedCopy!).equals(before)).toBe(true);
        }
      } finally {
        opened.db.close();
      }
    }
    expect(restored).toBeGreaterThan(LIBRARY_DAMAGES / 2); // the rest hit bytes SQLite does not use: nothing to restore
  });

  it(`${BACKUP_DAMAGES} damaged backups: the library opens, check says DAMAGED, and the next clean close writes a good backup`, async () => {
    const rand = seededRandom(7);
    for (let i = 0; i < BACKUP_DAMAGES; i++) {
      const file = await libraryWithBackup(300);
      damage(backupPathFor(file), 0, 100); // the header: certainly unreadable
      if (i > 0) damagePages(backupPathFor(file), rand);
      expect(checkDatabaseFile(backupPathFor(file)).status).toBe('damaged');
      const { db, restored } = openOrRestore(file, { verify: true });
      expect(restored).toBeNull();
      const result = await backupDatabase(db, file);
      db.close();
      expect(result.keptPrevious).toBeNull();
      expect(photosInBackup(file)).toBe(300);
    }
  });

  it('a damaged library with a damaged backup: a clear error, and both files left exactly as they were', async () => {
    const file = await libraryWithBackup(300);
    damage(file, 0, 100);
    damage(backupPathFor(file), 0, 100);
    const [lib, backup] = [fs.readFileSync(file), fs.readFileSync(backupPathFor(file))];
    expect(() => openOrRestore(file)).toThrow(/is damaged .* and its backup .* is damaged too; both are left as they are/);
    expect(fs.readFileSync(file).equals(lib)).toBe(true);
    expect(fs.readFileSync(backupPathFor(file)).equals(backup)).toBe(true);
  });
});
