import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupPathFor } from '../../src/main/db/database-backup.ts';
import { tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { damage, libraryWithBackup, photosInFile } from './fault-library.ts';

/** One line on stderr, no stack trace. */
function oneLine(r: CliResult): string {
  const lines = r.stderr.trim().split('\n');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines.at(-1)!;
}

const mounts: string[] = [];

/** A tmpfs of `size` at a fresh folder (root only): a real small disk. */
function smallDisk(size: string, options = ''): string | null {
  const dir = tempDir('crisp-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  mounts.push(dir);
  return dir;
}

/**
 * A real small disk needs root and the right to mount (CI runs as root). Where neither holds, the
 * read-only and full-disk cases are skipped, and say so: chmod does not stop root, and SQLite only
 * reports SQLITE_FULL for a real ENOSPC.
 */
const canMount = (() => {
  const probe = smallDisk('64k');
  if (probe) {
    execFileSync('umount', [probe], { stdio: 'ignore' });
    mounts.pop();
  }
  return probe !== null;
})();

afterAll(() => {
  for (const m of mounts) execFileSync('umount', ['-l', m], { stdio: 'ignore' });
});

describe('fault: every failure a user can cause reads as one line with the file and the fix', () => {
  it('usage mistakes exit 2 with one line; a file is "not a folder"; an unusable --db does not hang', async () => {
    const root = tempDir();
    const noValue = await runCli(['scan', root, '--db']);
    expect([noValue.code, oneLine(noValue)]).toEqual([2, expect.stringMatching(/^crisp: .*--db.* argument missing/)]);
    const unknown = await runCli(['scan', root, '--bogus']);
    expect([unknown.code, oneLine(unknown)]).toEqual([2, expect.stringMatching(/^crisp: Unknown option '--bogus'/)]);
    const file = path.join(root, 'a.jpg');
    fs.writeFileSync(file, 'x');
    const notFolder = await runCli(['scan', file, '--db', path.join(tempDir(), 'l.db')]);
    expect([notFolder.code, oneLine(notFolder)]).toEqual([1, `crisp: not a folder: ${file} (scan the folder that holds it)`]);
    const proc = await runCli(['scan', root, '--db', '/proc/x/library.db']);
    expect([proc.code, oneLine(proc)]).toEqual([1, expect.stringMatching(/^crisp: cannot use library database \/proc\/x\/library\.db: .*mkdir '\/proc\/x'$/)]);
  });

  it('restores a library with damaged data pages from its backup before scanning; says so when the backup is damaged too', async () => {
    const root = tempDir();
    await writeSharpSet(root, ['coffee.png']);
    const file = await libraryWithBackup(400);
    damage(file, 4096 * 3, 4096 * 4);
    const restored = await runCli(['scan', root, '--db', file]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toMatch(/integrity check failed.*; restored the backup of .*, the old file kept at .*library\.db\.damaged-/);
    expect(photosInFile(file)).toBe(401);

    const both = await libraryWithBackup(400);
    damage(both, 4096 * 3, 4096 * 4);
    damage(backupPathFor(both), 0, 100);
    const bad = await runCli(['scan', root, '--db', both]);
    expect([bad.code, oneLine(bad)]).toEqual([1, expect.stringMatching(/is damaged .* and its backup .*library\.db\.backup is damaged too; both are left as they are$/)]);
  });

  it.skipIf(!canMount)('checks a library in a read-only folder as healthy, and a scan says it is read-only', async () => {
    const root = tempDir();
    await writeSharpSet(root, ['coffee.png']);
    const disk = smallDisk('4m');
    expect(disk, 'a tmpfs could not be mounted').not.toBeNull();
    const file = await libraryWithBackup(3, disk!);
    execFileSync('mount', ['-o', 'remount,ro', disk!]);
    const check = await runCli(['check', '--db', file]);
    expect(check.code, check.stdout + check.stderr).toBe(0); // a healthy library in a read-only folder is not DAMAGED
    expect(check.stdout).toMatch(/library: .*ok \(schema \d+ of \d+, 3 photos/);
    const r = await runCli(['scan', root, '--db', file]);
    expect([r.code, oneLine(r)]).toEqual([1, expect.stringMatching(/library\.db.* (is read-only|cannot open).*(writable|another --db)/)]);
  });

  it.skipIf(!canMount)('fills a small disk mid-scan: one line that says the disk is full, and the library is intact and resumes', async () => {
    const root = tempDir();
    await writeSharpSet(path.join(root, 'a'));
    await writeSharpSet(path.join(root, 'b'));
    const disk = smallDisk('3m');
    expect(disk, 'a tmpfs could not be mounted').not.toBeNull();
    const file = path.join(disk!, 'library.db');
    const first = await runCli(['scan', path.join(root, 'a'), '--db', file, '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    // Leave a little room: enough to open, not enough for the next scan's rows and thumbnails.
    const free = () => fs.statfsSync(disk!).bavail * fs.statfsSync(disk!).bsize;
    fs.writeFileSync(path.join(disk!, 'filler'), Buffer.alloc(Math.max(0, free() - 48 * 1024)));
    const full = await runCli(['scan', root, '--db', file, '--quiet']);
    const line = oneLine(full);
    expect([full.code, line]).toEqual([1, expect.stringMatching(/^crisp: the disk holding .*library\.db is full .*; free some space and run again/)]);
    fs.rmSync(path.join(disk!, 'filler'));
    const again = await runCli(['scan', root, '--db', file, '--json', '--quiet']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim().split('\n')).toHaveLength(10);
    expect(execFileSync('node', ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(file)});console.log(d.pragma('integrity_check',{simple:true}))`], { cwd: path.resolve(import.meta.dirname, '../..') }).toString().trim()).toBe('ok');
  });
});
