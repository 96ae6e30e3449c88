import { spawn } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { crispBin, jsonLines, runCli } from '../helpers/run-cli.ts';
import { seededRandom, tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { openSession, scan } from '../helpers/scan-harness.ts';

export const SCAN_KILLS = 6;
export const SCORER_KILLS_PER_SCAN = 2;
export const SCORER_KILL_SEEDS = [1, 2];

/** A folder of 10 photos in two subfolders. */
async function tenPhotos(): Promise<string> {
  const root = tempDir();
  await writeSharpSet(path.join(root, 'a'));
  await writeSharpSet(path.join(root, 'b'));
  return root;
}

function inspect(file: string): { integrity: string; photos: number; distinctPaths: number; scored: number } {
  const db = new BetterSqlite3(file);
  try {
    // Killed before the first migration committed: a database with nothing in it yet.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'scores'").get()) {
      return { integrity: db.pragma('integrity_check', { simple: true }) as string, photos: 0, distinctPaths: 0, scored: 0 };
    }
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      photos: one('SELECT COUNT(*) AS n FROM photos'),
      distinctPaths: one('SELECT COUNT(DISTINCT path) AS n FROM photos'),
      scored: one("SELECT COUNT(*) AS n FROM photos p JOIN scores s ON s.photo_id = p.id WHERE p.status = 'scored'"),
    };
  } finally {
    db.close();
  }
}

describe('fault: kill -9 at random moments (seeded)', () => {
  it(`${SCAN_KILLS} kills of "crisp scan": no row lost or doubled, integrity ok, and the next scan scores only what is left`, async () => {
    const rand = seededRandom(1804);
    const root = await tenPhotos();
    const db = path.join(tempDir(), 'library.db');
    let scoredBefore = 0;
    for (let k = 0; k < SCAN_KILLS; k++) {
      const child = spawn(process.execPath, [crispBin, 'scan', root, '--db', db, '--quiet'], { stdio: 'ignore' });
      // Listen first: a scan with little left to do can finish before the kill comes.
      const closed = new Promise((r) => child.once('close', r));
      await new Promise((r) => setTimeout(r, 600 + rand() * 2400));
      child.kill('SIGKILL');
      await closed;
      const state = inspect(db);
      expect(state.integrity, `after kill ${k}`).toBe('ok');
      expect(state.photos).toBe(state.distinctPaths);
      expect(state.photos).toBeLessThanOrEqual(10);
      expect(state.scored, 'a kill never loses a saved score').toBeGreaterThanOrEqual(scoredBefore);
      scoredBefore = state.scored;
    }
    const last = await runCli(['scan', root, '--db', db, '--json', '--quiet']);
    expect(last.code, last.stderr).toBe(0);
    const lines = jsonLines(last.stdout);
    expect(lines).toHaveLength(10);
    expect(lines.filter((l) => l.status === 'scored')).toHaveLength(10 - scoredBefore);
    expect(lines.filter((l) => l.status === 'unchanged')).toHaveLength(scoredBefore);
    expect(inspect(db)).toEqual({ integrity: 'ok', photos: 10, distinctPaths: 10, scored: 10 });
  });

  for (const seed of SCORER_KILL_SEEDS) {
    it(`seed ${seed}: ${SCORER_KILLS_PER_SCAN} kills of the scorer mid-scan: every photo is saved once, and a rescan scores only what the kills cost`, async () => {
      const rand = seededRandom(seed);
      const root = await tenPhotos();
      const session = openSession();
      try {
        const killAt = new Set<number>();
        while (killAt.size < SCORER_KILLS_PER_SCAN) killAt.add(1 + 2 * Math.floor(rand() * 4.5)); // photo events 1, 3, .. 9: never two in a row
        let seen = 0;
        const killed: number[] = [];
        const first = await scan(session, root, (job) => job.on('photo', () => {
          seen++;
          const pid = session.scorer.pid;
          if (killAt.has(seen) && pid && session.scorer.ready) {
            killed.push(pid);
            process.kill(pid, 'SIGKILL');
          }
        }));
        expect(killed.length).toBe(SCORER_KILLS_PER_SCAN);
        expect(first.summary.found).toBe(10);
        expect(first.summary.scored + first.summary.errors).toBe(10);
        // A photo in flight at two kills is convicted of crashing the scorer; nothing else fails.
        for (const l of first.lines.values()) if (l.status === 'error') expect(l.error).toMatch(/scorer process crashed/);
        const state = inspect(session.db.name);
        expect(state).toMatchObject({ integrity: 'ok', photos: 10, distinctPaths: 10, scored: first.summary.scored });

        const second = await scan(session, root);
        expect(second.summary.scored).toBe(first.summary.errors);
        expect(second.summary.unchanged).toBe(first.summary.scored);
      } finally {
        await session.close();
      }
    });
  }
});
