import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanSession } from '../../src/main/scan/scan-session.ts';
import { LibraryWatcher } from '../../src/main/watch/library-watcher.ts';
import { fixtureDir, fixturePhotos, tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { crispBin, jsonLines, runCli } from '../helpers/run-cli.ts';
import { openSession } from '../helpers/scan-harness.ts';

type Line = { path: string; status: string; blurScore: number | null };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('watch folders', () => {
  let session: ScanSession | null = null;
  let watcher: LibraryWatcher | null = null;
  const lines: Line[] = [];

  async function startWatching(root: string, databasePath?: string): Promise<LibraryWatcher> {
    session ??= openSession(databasePath ? { databasePath } : {});
    lines.length = 0;
    watcher = new LibraryWatcher({ root, session, onlineCheckMs: 300 });
    watcher.on('photo', (l) => lines.push(l));
    await watcher.start();
    return watcher;
  }

  const linesFor = (file: string, status?: string) => lines.filter((l) => l.path === file && (!status || l.status === status));

  afterEach(async () => {
    await watcher?.stop();
    await session?.close();
    watcher = null;
    session = null;
  });

  it('scores a file written slowly in chunks once, after it is complete', async () => {
    const root = tempDir();
    await startWatching(root);
    const jpeg = await sharp(path.join(fixtureDir, 'astronaut.png')).jpeg({ quality: 95 }).toBuffer();
    const target = path.join(root, 'slow-copy.jpg');
    const fd = fs.openSync(target, 'w');
    const chunks = 10;
    const size = Math.ceil(jpeg.length / chunks);
    for (let i = 0; i < chunks; i++) {
      fs.writeSync(fd, jpeg, i * size, Math.min(size, jpeg.length - i * size));
      // One stall longer than the 1 s stability window, as a slow card reader or network share does.
      await sleep(i === 4 ? 1800 : 400);
    }
    fs.closeSync(fd);
    await until('the slow copy to be scored', () => linesFor(target, 'scored').length > 0);
    await sleep(2500);
    await watcher!.whenIdle();
    expect(linesFor(target), JSON.stringify(linesFor(target))).toHaveLength(1);
    expect(linesFor(target, 'scored')).toHaveLength(1);
    expect(session!.db.prepare('SELECT count(*) AS n FROM photo_errors').get()).toEqual({ n: 0 });
    // The score is that of the whole image, not of a truncated one.
    const whole = tempDir();
    fs.writeFileSync(path.join(whole, 'whole.jpg'), jpeg);
    const reference = jsonLines((await runCli(['scan', whole, '--db', path.join(tempDir(), 'ref.db'), '--json', '--quiet'])).stdout)[0];
    expect(linesFor(target, 'scored')[0].blurScore).toBeCloseTo(reference.blurScore!, 6);
  });

  it('keeps scores and decisions through a rename, and marks a deleted photo missing', async () => {
    const root = tempDir();
    const [coffee, rocket] = await writeSharpSet(root, ['coffee.png', 'rocket.jpg']);
    await startWatching(root);
    const row = session!.store.photoAt(coffee)!;
    session!.db.prepare("INSERT INTO decisions (photo_id, decision, decided_at) VALUES (?, 'trash', ?)").run(row.id, Date.now());
    const scoredAt = session!.db.prepare('SELECT scored_at FROM scores WHERE photo_id = ?').get(row.id);

    fs.mkdirSync(path.join(root, 'picked'));
    const renamed = path.join(root, 'picked', 'best-coffee.jpg');
    fs.renameSync(coffee, renamed);
    fs.rmSync(rocket);
    await until('the rename to be followed', () => session!.store.photoAt(renamed) !== undefined);
    await until('the deletion to be recorded', () => session!.store.photoAt(rocket)?.status === 'missing');
    await watcher!.whenIdle();

    const moved = session!.store.photoAt(renamed)!;
    expect(moved.id).toBe(row.id);
    expect(moved.status).toBe('scored');
    expect(session!.store.photoAt(coffee)).toBeUndefined();
    expect(session!.db.prepare('SELECT decision FROM decisions WHERE photo_id = ?').get(row.id)).toEqual({ decision: 'trash' });
    expect(session!.db.prepare('SELECT scored_at FROM scores WHERE photo_id = ?').get(row.id)).toEqual(scoredAt);
    expect(linesFor(renamed, 'scored')).toHaveLength(0);
  });

  it('reconciles at start what changed while it was stopped, without rescoring the rest', async () => {
    const root = tempDir();
    const [astronaut, camera, chelsea] = await writeSharpSet(root, ['astronaut.png', 'camera.png', 'chelsea.png']);
    const databasePath = path.join(tempDir(), 'library.db');
    await startWatching(root, databasePath);
    await watcher!.stop();
    await session!.close();
    session = null;

    fs.rmSync(camera);
    const later = new Date(Date.now() + 3000);
    fs.utimesSync(chelsea, later, later);
    const [added] = await writeSharpSet(path.join(root, 'new'), ['coffee.png']);

    await startWatching(root, databasePath);
    const status = (f: string) => lines.find((l) => l.path === f)?.status;
    expect(status(astronaut)).toBe('unchanged');
    expect(status(chelsea)).toBe('scored');
    expect(status(added)).toBe('scored');
    expect(status(camera)).toBeUndefined();
    expect(session!.store.photoAt(camera)!.status).toBe('missing');
  });

  it('indexes and scores a bulk copy of 300 photos exactly once each', async () => {
    const staging = tempDir();
    const sources = await Promise.all(fixturePhotos.map((n) => sharp(path.join(fixtureDir, n)).toColourspace('srgb').removeAlpha().resize(300, 300, { fit: 'cover' }).raw().toBuffer()));
    const names: string[] = [];
    for (let i = 0; i < 300; i++) {
      const name = `IMG_${String(i).padStart(4, '0')}.jpg`;
      // Distinct files: a different crop of a different fixture each time.
      const x = (i * 13) % 100;
      const y = (i * 7) % 100;
      await sharp(sources[i % sources.length], { raw: { width: 300, height: 300, channels: 3 } }).extract({ left: x, top: y, width: 200, height: 200 })
        .jpeg({ quality: 90 }).toFile(path.join(staging, name));
      names.push(name);
    }
    const root = tempDir();
    await startWatching(root);
    fs.mkdirSync(path.join(root, 'card-import'));
    for (const name of names) fs.copyFileSync(path.join(staging, name), path.join(root, 'card-import', name));
    const target = (n: string) => path.join(root, 'card-import', n);
    await until('all 300 to be scored', () => lines.filter((l) => l.status === 'scored').length >= 300, 180_000);
    await sleep(1500);
    await watcher!.whenIdle();
    for (const n of names) expect(linesFor(target(n), 'scored'), n).toHaveLength(1);
    expect(lines.filter((l) => l.status !== 'scored')).toEqual([]);
    expect(session!.db.prepare('SELECT count(*) AS n FROM photos').get()).toEqual({ n: 300 });
    expect(session!.db.prepare('SELECT count(*) AS n FROM scores').get()).toEqual({ n: 300 });
  });

  it('marks a library offline when its disk disappears, without losing its photos, and resumes when it returns', async () => {
    const parent = tempDir();
    const root = path.join(parent, 'card');
    const [photo] = await writeSharpSet(root, ['coffee.png']);
    await startWatching(root);
    const offline = new Promise<void>((r) => watcher!.once('offline', () => r()));
    const online = new Promise<void>((r) => watcher!.once('online', () => r()));
    const away = path.join(parent, 'unplugged');
    fs.renameSync(root, away);
    await offline;
    await sleep(2500);
    expect(session!.db.prepare('SELECT online FROM libraries').get()).toEqual({ online: 0 });
    expect(session!.store.photoAt(photo)!.status).toBe('scored');
    fs.renameSync(away, root);
    await online;
    await until('the library to be online again', () => (session!.db.prepare('SELECT online FROM libraries').get() as { online: number }).online === 1);
    const [added] = await writeSharpSet(path.join(root, 'after'), ['chelsea.png']);
    await until('a photo added after the disk returned to be scored', () => linesFor(added, 'scored').length === 1);
    expect(session!.store.photoAt(photo)!.status).toBe('scored');
  });
});

describe('crisp watch (CLI)', () => {
  it('scores photos copied in while it runs, so a scan after SIGTERM finds them all unchanged', async () => {
    const root = tempDir();
    const db = path.join(tempDir(), 'library.db');
    const child = spawn(process.execPath, [crispBin, 'watch', root, '--db', db, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until('the watcher to start', () => stderr.includes('watching '));
    const copied = await writeSharpSet(path.join(root, 'import'));
    await until('every copied photo to be scored', () => jsonLines(stdout).filter((l) => l.status === 'scored').length === copied.length);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const scan = await runCli(['scan', root, '--db', db, '--json', '--quiet']);
    const lines = jsonLines(scan.stdout);
    expect(lines.map((l) => l.path).sort()).toEqual([...copied].sort());
    expect(lines.every((l) => l.status === 'unchanged')).toBe(true);
  });
});
