import fs from 'node:fs';
import path from 'node:path';
import { backupDatabase, backupPathFor, openOrRestore } from '../../src/main/db/database-backup.ts';
import { openForDiagnostics, photoCount, type Database } from '../../src/main/db/library-database.ts';
import { PhotoStore } from '../../src/main/db/photo-store.ts';
import { tempDir } from '../helpers/photo-factory.ts';

/** Adds `n` indexed photo rows (the scorer is not needed to test what happens to the rows). */
export function addPhotos(db: Database, n: number, prefix = 'p'): void {
  const store = new PhotoStore(db);
  const libraryId = store.ensureLibrary('/photos');
  store.upsertMany(Array.from({ length: n }, (_, i) => ({
    libraryId, path: `/photos/${prefix}-${i}.jpg`, format: 'jpeg' as const, status: 'pending' as const, size: 1000 + i, mtimeMs: 1_700_000_000_000,
  })));
}

/** A library file with `photos` rows and a backup of it from a clean close, in `dir`/library.db. */
export async function libraryWithBackup(photos: number, dir = tempDir()): Promise<string> {
  const file = path.join(dir, 'library.db');
  const { db } = openOrRestore(file);
  addPhotos(db, photos);
  await backupDatabase(db, file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

/** Counts the photos of a library file from a copy, so nothing (no restore, no migration) touches the file. */
export function photosInFile(file: string): number {
  const { db, dispose } = openForDiagnostics(file);
  try {
    return photoCount(db);
  } finally {
    db.close();
    dispose();
  }
}

export function photosInBackup(file: string): number {
  return photosInFile(backupPathFor(file));
}

/** Overwrites bytes in place, as a failing disk or a killed copy would. */
export function damage(file: string, offset: number, length: number, byte = 0xa5): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(length, byte), 0, length, offset);
  fs.closeSync(fd);
}
