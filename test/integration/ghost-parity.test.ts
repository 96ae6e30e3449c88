import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ghostEvidence } from '../../src/main/scoring/ghost-detector.ts';
import { loadModelCard } from '../../src/main/scoring/model-card.ts';
import { decodePhoto } from '../../src/main/scoring/photo-decoder.ts';
import { doubledTaps, fixtureDir, fixturePhotos, tempDir, writeThroughKernel } from '../helpers/photo-factory.ts';
import { repoRoot } from '../helpers/run-cli.ts';

// training/ghost.py sets the card's ghost parameters; the engine must measure what it measured. Debian's numpy and
// scipy live in /usr/bin/python3; where they are missing the test is skipped and says so.
const python = '/usr/bin/python3';
const check = fs.existsSync(python) ? spawnSync(python, ['-c', 'import numpy, scipy, PIL'], { encoding: 'utf8' }) : null;
const hasScipy = check?.status === 0;
if (!hasScipy) console.warn('ghost-parity: skipped — numpy/scipy/PIL missing (apt-get install python3-scipy python3-pil to run it).');

describe('doubled-edge evidence, engine against training/ghost.py', () => {
  it.skipIf(!hasScipy)('matches on the fixtures, held still and doubled, early stop included', async () => {
    const { card } = loadModelCard();
    const params = card.aggregation.ghost!;
    const dir = tempDir();
    const cases: { file: string; width: number; height: number; rgb: Buffer }[] = [];
    for (const name of fixturePhotos) {
      for (const [kind, taps] of [['still', [{ dx: 0, dy: 0, w: 1 }]], ['doubled', doubledTaps(8, 5)]] as const) {
        const jpeg = path.join(dir, `${kind}-${name}.jpg`);
        await writeThroughKernel(path.join(fixtureDir, name), jpeg, [...taps]);
        const { analysis } = await decodePhoto(fs.readFileSync(jpeg), 2048, card.analysis.tileSize);
        const raw = path.join(dir, `${kind}-${name}.rgb`);
        fs.writeFileSync(raw, analysis.rgb);
        cases.push({ file: raw, width: analysis.width, height: analysis.height, rgb: analysis.rgb });
      }
    }
    const script = `
import json, sys
import numpy as np
sys.path.insert(0, ${JSON.stringify(path.join(repoRoot, 'training'))})
import ghost
p = json.loads(sys.argv[1])
out = []
for f, w, h in json.loads(sys.argv[2]):
    a = np.fromfile(f, np.uint8).reshape(h, w, 3)
    out.append(ghost.evidence(a, p))
print(json.dumps(out))`;
    const py = spawnSync(python, ['-c', script, JSON.stringify(params), JSON.stringify(cases.map((c) => [c.file, c.width, c.height]))], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const expected = JSON.parse(py.stdout) as ({ evidence: number; dx: number; dy: number; consistency: number; blocks: number } | null)[];
    let stoppedEarly = 0;
    for (const [i, c] of cases.entries()) {
      const got = ghostEvidence(c.rgb, c.width, c.height, params);
      const want = expected[i];
      if (want === null) { expect(got).toBeNull(); continue; }
      expect(got).not.toBeNull();
      expect(got!.evidence).toBeCloseTo(want.evidence, 6);
      expect([got!.dx, got!.dy, got!.blocks]).toEqual([want.dx, want.dy, want.blocks]);
      expect(got!.consistency).toBeCloseTo(want.consistency, 9);
      if (want.blocks === 8) stoppedEarly++;
    }
    expect(stoppedEarly).toBeGreaterThan(0);
  }, 120_000);
});
