import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openLibraryDatabase, type Database } from '../../src/main/db/library-database.ts';
import { PhotoStore } from '../../src/main/db/photo-store.ts';
import { fingerprintFile } from '../../src/main/library/file-fingerprint.ts';
import { freedesktopTrasher } from '../../src/main/trash/freedesktop-trasher.ts';
import { TrashService } from '../../src/main/trash/trash-service.ts';
import { fixtureDir, sha256File, tempDir } from '../helpers/photo-factory.ts';

describe('fault: tampering with the trash and with photos about to be trashed', () => {
  let db: Database;
  let trash: TrashService;
  let root: string;
  let trashDir: string;

  /** A real photo file indexed as a judged photo (size, mtime, fingerprint), as a scan leaves it. */
  async function photo(name: string): Promise<{ id: number; file: string; sum: string }> {
    const file = path.join(root, name);
    fs.copyFileSync(path.join(fixtureDir, 'rocket.jpg'), file);
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000); // whole seconds, so a swapped file can get the very same time
    const st = fs.statSync(file);
    const store = new PhotoStore(db);
    const id = store.upsertPhoto({ libraryId: store.ensureLibrary(root), path: file, format: 'jpeg', status: 'scored', size: st.size, mtimeMs: Math.trunc(st.mtimeMs) });
    db.prepare('UPDATE photos SET fingerprint = ? WHERE id = ?').run(await fingerprintFile(file), id);
    return { id, file, sum: sha256File(file) };
  }

  async function trashed(name: string) {
    const p = await photo(name);
    const r = await trash.move([p.id]);
    expect(r.failed).toEqual([]);
    const entry = db.prepare('SELECT id, trash_path AS trashPath FROM trash_log WHERE photo_id = ?').get(p.id) as { id: number; trashPath: string };
    return { ...p, logId: entry.id, trashPath: entry.trashPath };
  }

  const statusOf = (id: number) => (db.prepare('SELECT status FROM photos WHERE id = ?').get(id) as { status: string }).status;
  const decisionOf = (id: number) => (db.prepare('SELECT decision FROM decisions WHERE photo_id = ?').get(id) as { decision: string } | undefined)?.decision;
  const logStatus = (id: number) => (db.prepare('SELECT status FROM trash_log WHERE id = ?').get(id) as { status: string }).status;

  beforeEach(() => {
    root = tempDir();
    trashDir = path.join(tempDir(), 'Trash');
    db = openLibraryDatabase(path.join(tempDir(), 'library.db'));
    trash = new TrashService(db, freedesktopTrasher(trashDir));
  });

  it('leaves a trashed copy that changed in the trash, with nothing half done, and restores once it is the same again', async () => {
    const p = await trashed('a.jpg');
    const original = fs.readFileSync(p.trashPath);
    fs.writeFileSync(p.trashPath, Buffer.alloc(original.length, 7));
    await expect(trash.restore(p.logId)).rejects.toMatchObject({ code: 'TRASHED_COPY_CHANGED', message: expect.stringMatching(/differs from the photo that was trashed; it was left there/) });
    expect(fs.existsSync(p.file)).toBe(false);
    expect([statusOf(p.id), logStatus(p.logId)]).toEqual(['trashed', 'trashed']);

    fs.writeFileSync(p.trashPath, original);
    const back = await trash.restore(p.logId);
    expect(back.status).toBe('restored');
    expect(sha256File(p.file)).toBe(p.sum);
    expect(decisionOf(p.id)).toBe('keep');
  });

  it('refuses a trashed copy swapped for a symlink', async () => {
    const p = await trashed('b.jpg');
    fs.rmSync(p.trashPath);
    fs.symlinkSync(path.join(fixtureDir, 'rocket.jpg'), p.trashPath);
    await expect(trash.restore(p.logId)).rejects.toMatchObject({ code: 'TRASHED_COPY_CHANGED' });
    expect(fs.existsSync(p.file)).toBe(false);
  });

  it('says the trash was emptied, and never overwrites a file now at the original path', async () => {
    const gone = await trashed('c.jpg');
    fs.rmSync(gone.trashPath);
    await expect(trash.restore(gone.logId)).rejects.toMatchObject({ code: 'NOT_IN_TRASH' });
    expect(logStatus(gone.logId)).toBe('trashed');

    const taken = await trashed('d.jpg');
    fs.writeFileSync(taken.file, 'a new file with the old name');
    await expect(trash.restore(taken.logId)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(taken.file, 'utf8')).toBe('a new file with the old name');
    fs.rmSync(taken.file);
    fs.symlinkSync('/nonexistent-target', taken.file); // a dangling link is a name taken too
    await expect(trash.restore(taken.logId)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.lstatSync(taken.file).isSymbolicLink()).toBe(true);
  });

  it('restores without its .trashinfo, and heals an entry whose file was already put back by hand', async () => {
    const noInfo = await trashed('e.jpg');
    fs.rmSync(path.join(trashDir, 'info', `${path.basename(noInfo.trashPath)}.trashinfo`));
    expect((await trash.restore(noInfo.logId)).status).toBe('restored');
    expect(sha256File(noInfo.file)).toBe(noInfo.sum);

    const byHand = await trashed('f.jpg');
    fs.renameSync(byHand.trashPath, byHand.file);
    expect((await trash.restore(byHand.logId)).status).toBe('restored');
    expect(decisionOf(byHand.id)).toBe('keep');
    expect(statusOf(byHand.id)).not.toBe('trashed');
  });

  it('when the trash location is unknown and the file comes back different, it is restored and queued for scoring, not stuck', async () => {
    const p = await trashed('g.jpg');
    db.prepare('UPDATE trash_log SET trash_path = NULL WHERE id = ?').run(p.logId);
    const size = fs.statSync(p.trashPath).size;
    fs.writeFileSync(p.trashPath, Buffer.alloc(size, 9));
    const back = await trash.restore(p.logId);
    expect(back).toMatchObject({ status: 'restored', error: expect.stringMatching(/differs .* scored again/) });
    expect(statusOf(p.id)).toBe('pending');
    expect(decisionOf(p.id)).toBeUndefined();
    await expect(trash.restore(p.logId)).rejects.toMatchObject({ code: 'NOT_TRASHED' });
  });

  it('does not trash a photo swapped for other bytes of the same size and time, or for a symlink', async () => {
    const swapped = await photo('h.jpg');
    const st = fs.statSync(swapped.file);
    fs.writeFileSync(swapped.file, Buffer.alloc(st.size, 1));
    fs.utimesSync(swapped.file, 1_700_000_000, 1_700_000_000);
    expect(fs.statSync(swapped.file).mtimeMs).toBe(st.mtimeMs);
    const linked = await photo('i.jpg');
    fs.rmSync(linked.file);
    fs.symlinkSync(path.join(fixtureDir, 'rocket.jpg'), linked.file);

    const r = await trash.move([swapped.id, linked.id]);
    expect(r.moved).toEqual([]);
    expect(r.failed.map((f) => f.message)).toEqual([
      expect.stringMatching(/content changed since it was reviewed .*rescan it first/),
      expect.stringMatching(/no longer a regular file/),
    ]);
    expect(fs.existsSync(path.join(trashDir, 'files'))).toBe(false);
    expect(fs.lstatSync(linked.file).isSymbolicLink()).toBe(true);
  });
});
