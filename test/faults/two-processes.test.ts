import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, openLibraryDatabase } from '../../src/main/db/library-database.ts';
import { migrations } from '../../src/main/db/migrations.ts';
import { tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { jsonLines, repoRoot, runCli } from '../helpers/run-cli.ts';

export const MIGRATION_RACES = 3;
export const MIGRATION_RACERS = 6;
/** New libraries raced in the first round: a race for the switch to WAL is lost about once in ten. */
export const NEW_LIBRARY_RACES = 30;
const RACE_PACE_MS = 150;

/**
 * Opens (and so migrates) each library in `n` processes that start together, one file after another
 * at a fixed pace; resolves with each process's exit and stderr.
 */
function openInProcesses(files: string[], n: number): Promise<{ code: number | null; stderr: string }[]> {
  const script = `const { openLibraryDatabase } = await import(${JSON.stringify(path.join(repoRoot, 'src/main/db/library-database.ts'))});
    const files = ${JSON.stringify(files)};
    for (let i = 0; i < files.length; i++) {
      const start = Number(process.argv[1]) + i * ${RACE_PACE_MS}; while (Date.now() < start) {}
      openLibraryDatabase(files[i]).close();
    }`;
  const start = Date.now() + 1500;
  return Promise.all(Array.from({ length: n }, () => new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, String(start)], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  })));
}

describe('fault: two processes on one library', () => {
  it(`migrates ${NEW_LIBRARY_RACES} new databases and older-schema ones once each, with ${MIGRATION_RACERS} processes opening each at the same moment`, async () => {
    for (let round = 0; round < MIGRATION_RACES; round++) {
      const files = Array.from({ length: round === 0 ? NEW_LIBRARY_RACES : 1 }, () => path.join(tempDir(), 'library.db'));
      const file = files[0];
      if (round > 0) {
        // An older Crisp's library (schema 3) with enough photos that migration 4 takes a while.
        const db = openLibraryDatabase(file, { migrationList: migrations.slice(0, 3) });
        db.prepare("INSERT INTO libraries (id, path, added_at) VALUES (1, '/photos', 0)").run();
        const insert = db.prepare("INSERT INTO photos (library_id, path, format, status, size, mtime_ms, indexed_at) VALUES (1, ?, 'jpeg', 'pending', 1, 0, 0)");
        db.transaction(() => {
          for (let i = 0; i < 20_000 * round; i++) insert.run(`/photos/IMG_${i}.JPG`);
        })();
        db.close();
      }
      const results = await openInProcesses(files, MIGRATION_RACERS);
      for (const r of results) expect(r.stderr).toBe('');
      expect(results.map((r) => r.code)).toEqual(Array(MIGRATION_RACERS).fill(0));
      for (const f of files) {
        const db = openLibraryDatabase(f);
        expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        db.close();
      }
    }
  });

  it('two scans of one folder at once never score a photo twice: the second says the library is in use', async () => {
    const root = tempDir();
    await writeSharpSet(root);
    const db = path.join(tempDir(), 'library.db');
    const [a, b] = await Promise.all([runCli(['scan', root, '--db', db, '--json', '--quiet']), runCli(['scan', root, '--db', db, '--json', '--quiet'])]);
    const scored = [...jsonLines(a.stdout), ...jsonLines(b.stdout)].filter((l) => l.status === 'scored');
    expect(scored).toHaveLength(5);
    const loser = a.code === 0 ? b : a;
    expect([a.code, b.code].sort()).toEqual([0, 1]);
    expect(loser.stderr.trim()).toMatch(/^crisp: .* is being scanned into .*library\.db by another Crisp process \(pid \d+, since .*\); wait for it to finish, or stop it, and run again$/);
    expect(fs.readdirSync(path.dirname(db)).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });

  it('takes over the claim of a scan that was killed', async () => {
    const root = tempDir();
    await writeSharpSet(root, ['coffee.png']);
    const db = path.join(tempDir(), 'library.db');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/crisp.mjs'), 'scan', root, '--db', db, '--quiet'], { stdio: 'ignore' });
    const closed = new Promise((r) => child.once('close', r));
    while (!fs.readdirSync(path.dirname(db)).some((n) => n.endsWith('.lock'))) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await closed;
    const again = await runCli(['scan', root, '--db', db, '--json', '--quiet']);
    expect(again.code, again.stderr).toBe(0);
    expect(jsonLines(again.stdout)).toHaveLength(1);
  });
});
