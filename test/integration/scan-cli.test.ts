import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelCard } from '../../src/main/scoring/model-card.ts';
import { fixtureDir, tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { byName, jsonLines, runCli } from '../helpers/run-cli.ts';

describe('crisp scan (CLI contract)', () => {
  let root: string;
  let db: string;

  beforeAll(async () => {
    root = tempDir();
    db = path.join(tempDir(), 'library.db');
    await writeSharpSet(path.join(root, 'day1'));
    fs.mkdirSync(path.join(root, 'day2'));
    fs.copyFileSync(path.join(fixtureDir, 'astronaut.png'), path.join(root, 'day2', 'astronaut.png'));
    // RAW files are judged by their largest embedded preview; one that is too small gets a clear error, not a guess.
    fs.copyFileSync(path.join(fixtureDir, '../raw/cr2-large-preview.cr2'), path.join(root, 'day2', 'IMG_0001.CR2'));
    fs.copyFileSync(path.join(fixtureDir, '../raw/exiftool-fujifilm.raf'), path.join(root, 'day2', 'DSCF0002.RAF'));
  });

  it('prints exactly one JSON object per photo and nothing else on stdout', async () => {
    const r = await runCli(['scan', root, '--db', db, '--json']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(8);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['blurScore', 'error', 'path', 'status', 'verdict']);
      expect(path.isAbsolute(l.path)).toBe(true);
    }
    const scored = lines.filter((l) => l.status === 'scored');
    expect(scored).toHaveLength(7);
    for (const l of scored) {
      expect(l.blurScore).toBeGreaterThanOrEqual(0);
      expect(l.blurScore).toBeLessThanOrEqual(1);
      expect(l.verdict).toBe('sharp');
      expect(l.error).toBeNull();
    }
    expect(byName(lines).get('DSCF0002.RAF')).toEqual({
      path: path.join(root, 'day2', 'DSCF0002.RAF'), status: 'error', blurScore: null, verdict: null,
      error: expect.stringMatching(/^preview too small: .* 160x120, under the 2048 px analysis scale$/),
    });
    expect(r.stderr).toMatch(/Model crisp-blur \S+ on cpu/);
    expect(r.stderr).toMatch(/7 scored, 0 unchanged, 1 errors, 0 unsupported/);
  });

  it('reports unchanged photos with their stored score on a second run, without rescoring', async () => {
    const first = byName(jsonLines((await runCli(['scan', root, '--db', db, '--json', '--quiet'])).stdout));
    const conn = new BetterSqlite3(db, { readonly: true });
    const scoredAt = conn.prepare('SELECT max(scored_at) AS t FROM scores').get() as { t: number };
    conn.close();
    const again = await runCli(['scan', root, '--db', db, '--json', '--quiet']);
    const lines = jsonLines(again.stdout);
    const unchanged = lines.filter((l) => l.status === 'unchanged');
    expect(unchanged).toHaveLength(7);
    for (const l of unchanged) expect(l.blurScore).toBe(first.get(path.basename(l.path))!.blurScore);
    const conn2 = new BetterSqlite3(db, { readonly: true });
    expect(conn2.prepare('SELECT max(scored_at) AS t FROM scores').get()).toEqual(scoredAt);
    conn2.close();
  });

  it('rescores a changed file and marks a vanished one missing', async () => {
    const changed = path.join(root, 'day1', 'coffee.jpg');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(changed, later, later);
    fs.rmSync(path.join(root, 'day1', 'camera.jpg'));
    const r = await runCli(['scan', root, '--db', db, '--json', '--quiet']);
    const lines = byName(jsonLines(r.stdout));
    expect(lines.get('coffee.jpg')!.status).toBe('scored');
    expect(lines.has('camera.jpg')).toBe(false);
    expect(lines.get('chelsea.jpg')!.status).toBe('unchanged');
    const conn = new BetterSqlite3(db, { readonly: true });
    const row = conn.prepare('SELECT status, missing_since FROM photos WHERE path = ?').get(path.join(root, 'day1', 'camera.jpg')) as {
      status: string; missing_since: number;
    };
    conn.close();
    expect(row.status).toBe('missing');
    expect(row.missing_since).toBeGreaterThan(0);
  });

  it('applies --threshold to the verdicts it reports', async () => {
    const lines = jsonLines((await runCli(['scan', root, '--db', db, '--json', '--quiet', '--threshold', '0.000001'])).stdout);
    for (const l of lines.filter((x) => x.blurScore !== null)) expect(l.verdict).toBe(l.blurScore! >= 0.000001 ? 'blurry' : 'sharp');
    expect(lines.some((l) => l.verdict === 'blurry')).toBe(true);
  });

  it('applies --sensitivity as the model card\'s calibrated threshold, and refuses what it cannot mean', async () => {
    const strict = loadModelCard().card.calibration!.sensitivities.strict;
    const run = await runCli(['scan', root, '--db', db, '--json', '--sensitivity', 'strict']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`(score ≥ ${strict})`);
    for (const l of jsonLines(run.stdout).filter((x) => x.blurScore !== null)) expect(l.verdict).toBe(l.blurScore! >= strict ? 'blurry' : 'sharp');

    const unknown = await runCli(['scan', root, '--db', db, '--json', '--sensitivity', 'picky']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('crisp: --sensitivity must be one of relaxed, standard, strict');
    const both = await runCli(['scan', root, '--db', db, '--json', '--sensitivity', 'strict', '--threshold', '0.3']);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toMatch(/^crisp: --sensitivity and --threshold both set the threshold/);
  });

  it('exits non-zero with a one-line reason when it cannot run', async () => {
    const missingDir = await runCli(['scan', path.join(root, 'nope'), '--db', db, '--json']);
    expect(missingDir.code).not.toBe(0);
    expect(missingDir.stdout).toBe('');
    expect(missingDir.stderr.trim().split('\n').at(-1)).toMatch(/^crisp: folder not found: .*nope$/);

    const fileInTheWay = path.join(tempDir(), 'a-file');
    fs.writeFileSync(fileInTheWay, 'x');
    const badDb = await runCli(['scan', root, '--db', path.join(fileInTheWay, 'lib.db'), '--json']);
    expect(badDb.code).not.toBe(0);
    expect(badDb.stdout).toBe('');
    expect(badDb.stderr.trim()).toMatch(/^crisp: cannot use library database .*lib\.db: /);
    expect(badDb.stderr.trim().split('\n')).toHaveLength(1);

    const noModel = await runCli(['scan', root, '--db', db, '--json', '--model', path.join(root, 'missing.json')]);
    expect(noModel.code).not.toBe(0);
    expect(noModel.stdout).toBe('');
    expect(noModel.stderr.trim()).toMatch(/^crisp: model card not found: /);
  });
});
