import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, openLibraryDatabase } from '../../src/main/db/library-database.ts';
import { migrations } from '../../src/main/db/migrations.ts';
import { claimScan, LibraryInUseError, scanLockPath } from '../../src/main/scan/scan-lock.ts';
import { tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { jsonLines, repoRoot, runCli } from '../helpers/run-cli.ts';

export const MIGRATION_RACES = 3;
export const MIGRATION_RACERS = 6;
/** New libraries raced in the first round: a race for the switch to WAL is lost about once in ten. */
export const NEW_LIBRARY_RACES = 30;
/** Libraries whose scan claim is raced: two processes both won one in about four in ten before the fix. */
export const CLAIM_RACES = 12;
export const CLAIM_RACERS = 3;
const RACE_PACE_MS = 150;
const THROUGH = 'through all items';

interface Racer {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `step` (a module body that sees `item` and `i`) in `n` processes that start together, for one item
 * after another at a fixed pace, so that the processes race on every item. Each stays alive until all are
 * through (a claim of a process that has exited is rightly taken over by a late one).
 */
function raceInProcesses(imports: string, step: string, items: string[], n: number): Promise<Racer[]> {
  const script = `${imports}
    const items = ${JSON.stringify(items)};
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const start = Number(process.argv[1]) + i * ${RACE_PACE_MS}; while (Date.now() < start) {}
      ${step}
    }
    console.log('${THROUGH}');
    process.stdin.on('end', () => process.exit(0)).resume();`;
  const start = Date.now() + 1500;
  let through = 0;
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, String(start)], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] }));
  const oneThrough = () => {
    if (++through === n) for (const c of children) c.stdin.end();
  };
  return Promise.all(children.map((child) => new Promise<Racer>((resolve) => {
    let stdout = '';
    let stderr = '';
    let counted = false;
    const count = () => {
      if (counted) return;
      counted = true;
      oneThrough();
    };
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes(`${THROUGH}\n`)) count();
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      count();
      resolve({ code, stdout: stdout.replace(`${THROUGH}\n`, ''), stderr });
    });
  })));
}

const importSrc = (name: string, file: string) => `const { ${name} } = await import(${JSON.stringify(path.join(repoRoot, file))});`;

function openInProcesses(files: string[], n: number): Promise<Racer[]> {
  return raceInProcesses(importSrc('openLibraryDatabase', 'src/main/db/library-database.ts'), 'openLibraryDatabase(item).close();', files, n);
}

/** The same boot time as scan-lock.ts records, so that only the pid says the claim is dead. */
const bootedAtNow = () => Math.round((Date.now() - os.uptime() * 1000) / 1000) * 1000;

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
    expect(fs.readdirSync(path.dirname(db)).filter((n) => n.includes('.scan-'))).toEqual([]);
  });

  it('clears the draft of a claim whose process was killed before it could link it', async () => {
    const root = tempDir();
    await writeSharpSet(root, ['coffee.png']);
    const db = path.join(tempDir(), 'library.db');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const draft = `${scanLockPath(db, root)}.${dead}.draft`;
    fs.writeFileSync(draft, '{"pid":');
    const result = await runCli(['scan', root, '--db', db, '--json', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(draft)).toBe(false);
    expect(fs.readdirSync(path.dirname(db)).filter((n) => n.includes('.scan-'))).toEqual([]);
  });

  it(`gives each scan claim to exactly one of ${CLAIM_RACERS} processes claiming it at once, also when they all find a dead scan's claim`, async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const dbs = Array.from({ length: CLAIM_RACES }, () => path.join(tempDir(), 'library.db'));
    dbs.forEach((db, i) => {
      const lock = scanLockPath(db, '/photos');
      if (i % 3 === 1) fs.writeFileSync(lock, JSON.stringify({ pid: dead, root: '/photos', since: 1, bootedAt: bootedAtNow() }));
      if (i % 3 === 2) {
        fs.writeFileSync(lock, ''); // a claim whose process was killed before writing it
        fs.utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
      }
    });
    const step = `try { claimScan(item, '/photos'); console.log('claimed', i); } catch (err) { if (!(err instanceof LibraryInUseError)) throw err; console.log('in use', i); }`;
    const racers = await raceInProcesses(importSrc('claimScan, LibraryInUseError', 'src/main/scan/scan-lock.ts'), step, dbs, CLAIM_RACERS);
    for (const r of racers) expect(r.stderr).toBe('');
    const lines = racers.flatMap((r) => r.stdout.trim().split('\n'));
    for (let i = 0; i < dbs.length; i++) {
      expect(lines.filter((l) => l === `claimed ${i}`), `library ${i}`).toHaveLength(1);
      expect(lines.filter((l) => l === `in use ${i}`), `library ${i}`).toHaveLength(CLAIM_RACERS - 1);
    }
    expect(dbs.flatMap((db) => fs.readdirSync(path.dirname(db))).filter((n) => n.endsWith('.takeover'))).toEqual([]);
  });

  it('reads a claim found empty as one being written, unless it was left long ago', () => {
    const db = path.join(tempDir(), 'library.db');
    const lock = scanLockPath(db, '/photos');
    fs.writeFileSync(lock, '');
    let refused: unknown;
    try {
      claimScan(db, '/photos');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(LibraryInUseError);
    expect((refused as Error).message).toMatch(/by another Crisp process; run again in a moment$/);
    fs.utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const release = claimScan(db, '/photos');
    expect(JSON.parse(fs.readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(lock)).toBe(false);
  });
});
