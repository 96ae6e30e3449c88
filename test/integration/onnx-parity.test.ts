import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRISP_DIRECTIONS } from '../../src/main/scoring/blur-aggregate.ts';
import { BlurModel } from '../../src/main/scoring/blur-model.ts';
import { loadModelCard } from '../../src/main/scoring/model-card.ts';
import { decodePhoto } from '../../src/main/scoring/photo-decoder.ts';
import { cutTiles, tileGrid } from '../../src/main/scoring/tile-grid.ts';
import { fixtureDir, fixturePhotos, tempDir } from '../helpers/photo-factory.ts';
import { repoRoot } from '../helpers/run-cli.ts';

// Debian's PyTorch lives in /usr/bin/python3; CI does not install it, so there the test is skipped.
const python = '/usr/bin/python3';
const torchCheck = fs.existsSync(python) ? spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }) : null;
const hasTorch = torchCheck?.status === 0;
if (!hasTorch) {
  console.warn('onnx-parity: skipped — PyTorch is not installed (apt-get install python3-torch to run it).');
}

describe('ONNX export', () => {
  it.skipIf(!hasTorch)('matches PyTorch within 1e-4 on real tiles', async () => {
    const model = await BlurModel.load(loadModelCard(), 'cpu');
    const batches: Float32Array[] = [];
    let n = 0;
    for (const name of fixturePhotos) {
      const d = await decodePhoto(fs.readFileSync(path.join(fixtureDir, name)), model.longEdge('standard'), model.tileSize);
      const grid = tileGrid(d.analysis.width, d.analysis.height, model.tileSize, model.card.analysis.stride);
      const count = Math.min(6, grid.xs.length * grid.ys.length);
      batches.push(cutTiles(d.analysis.rgb, d.analysis.width, grid, 0, count));
      n += count;
    }
    const tiles = new Float32Array(batches.reduce((s, b) => s + b.length, 0));
    batches.reduce((off, b) => (tiles.set(b, off), off + b.length), 0);
    const file = path.join(tempDir(), 'tiles.f32');
    fs.writeFileSync(file, Buffer.from(tiles.buffer));
    const py = spawnSync(python, [path.join(repoRoot, 'training/parity.py'), '--tiles', file, '--n', String(n)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(py.status, py.stderr).toBe(0);
    const torchOut = JSON.parse(py.stdout) as Record<string, number[]>;
    const ortOut = await model.runTiles(tiles, n);
    const compare = (key: string, ort: Float32Array | undefined, torch: number[] | undefined) => {
      expect(ort, key).toBeDefined();
      expect(torch, key).toHaveLength(key.startsWith('crisp') ? n * CRISP_DIRECTIONS : n);
      const worst = Math.max(...torch!.map((v, i) => Math.abs(v - ort![i])));
      expect(worst, key).toBeLessThan(1e-4);
    };
    for (const key of ['blur', 'motion', 'texture', ...(ortOut.isotropy ? ['isotropy' as const] : []), ...(ortOut.crisp ? ['crisp' as const] : [])] as const) {
      compare(key, ortOut[key], torchOut[key]);
    }
    const second = model.card.secondOpinion?.outputs;
    if (second) {
      compare(second.blur, ortOut.second?.blur, torchOut[second.blur]);
      compare(second.motion, ortOut.second?.motion, torchOut[second.motion]);
      if (second.crisp) compare(second.crisp, ortOut.second?.crisp, torchOut[second.crisp]);
      // Two seeds, not one network twice.
      expect(Math.max(...ortOut.blur.map((v, i) => Math.abs(v - ortOut.second!.blur[i])))).toBeGreaterThan(1e-3);
    }
    // Real tiles span the range, so the comparison is not between constants.
    expect(Math.max(...ortOut.blur) - Math.min(...ortOut.blur)).toBeGreaterThan(0.01);
    if (model.card.outputs.crisp) expect(ortOut.crisp, 'the card names a crisp output the model lacks').toBeDefined();
    await model.release();
  });
});
