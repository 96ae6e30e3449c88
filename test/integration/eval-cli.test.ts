import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, tempDir, writeDefocused, writeSharpSet } from '../helpers/photo-factory.ts';
import { runCli } from '../helpers/run-cli.ts';

interface EvalLine { dir: string; n: number; sharp: number; blurry: number; tpr: number | null; tnr: number | null; results: { file: string }[] }

describe('crisp eval (labelled sets through the engine)', () => {
  let root: string;
  let set: string;

  beforeAll(async () => {
    root = tempDir();
    set = path.join(root, 'kit');
    await writeSharpSet(path.join(set, 'sharp'), ['chelsea.png', 'coffee.png']);
    await writeDefocused(path.join(fixtureDir, 'rocket.jpg'), path.join(set, 'blurry', 'rocket.jpg'), 12);
    await writeDefocused(path.join(fixtureDir, 'camera.png'), path.join(set, 'blurry', 'camera.jpg'), 12);
    fs.writeFileSync(path.join(root, 'SPLIT.tsv'), [
      'file\tscene\tpart',
      'kit/sharp/chelsea.jpg\tcat\tfit',
      'kit/blurry/camera.jpg\tcamera\tfit',
      'kit/sharp/coffee.jpg\tcoffee\theldout',
      'kit/blurry/rocket.jpg\trocket\theldout',
    ].join('\n'));
  });

  it('scores every labelled photo of a set', async () => {
    const run = await runCli(['eval', set, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as EvalLine;
    expect(r).toMatchObject({ n: 4, sharp: 2, blurry: 2, tpr: 1, tnr: 1 });
  });

  it('counts only the photos a split puts in the part asked for', async () => {
    const run = await runCli(['eval', set, '--json', '--split', path.join(root, 'SPLIT.tsv'), '--part', 'heldout']);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as EvalLine;
    expect(r).toMatchObject({ n: 2, sharp: 1, blurry: 1 });
    expect(r.results.map((x) => x.file).sort()).toEqual(['blurry/rocket.jpg', 'sharp/coffee.jpg']);
  });

  it('says in one line what is wrong with a split', async () => {
    const alone = await runCli(['eval', set, '--split', path.join(root, 'SPLIT.tsv')]);
    expect(alone.code).toBe(2);
    expect(alone.stderr.trim()).toBe('crisp: --split and --part go together');
    const missing = await runCli(['eval', set, '--split', path.join(root, 'NOPE.tsv'), '--part', 'fit']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/NOPE\.tsv: split file not found; pass the path of a SPLIT\.tsv$/);
    const empty = await runCli(['eval', set, '--split', path.join(root, 'SPLIT.tsv'), '--part', 'validation']);
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim()).toMatch(/has no photos in part "validation"/);
  });
});
