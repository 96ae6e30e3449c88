/**
 * npm run bench:burst-margin — how far apart the blur scores of equally sharp frames of one scene
 * lie, and how far a visibly blurrier frame lies: the evidence for BURST_BLUR_MARGIN (README:
 * "Keep sharpest of each burst"). Scores each fixture's sharp near-duplicates (re-encoded, shifted,
 * resampled, brighter, noisier) and its defocused and shaken variants with the real model.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { ScanJob } from '../src/main/scan/scan-job.ts';
import { ScanSession } from '../src/main/scan/scan-session.ts';
import { nodeScorerSpawner } from '../src/main/scoring/node-scorer-process.ts';
import { BURST_BLUR_MARGIN } from '../src/main/bursts/burst-plan.ts';
import { fixtureDir, fixturePhotos, tempDir, writeDefocused, writeMotionBlurred } from '../test/helpers/photo-factory.ts';

const root = tempDir('crisp-burst-margin-');
type Variant = { name: string; kind: 'sharp' | 'blurred'; write(src: string, dest: string): Promise<unknown> };
const variants: Variant[] = [
  { name: 'original', kind: 'sharp', write: (s, d) => sharp(s).jpeg({ quality: 95 }).toFile(d) },
  { name: 'q75', kind: 'sharp', write: (s, d) => sharp(s).jpeg({ quality: 75 }).toFile(d) },
  { name: 'shift', kind: 'sharp', write: async (s, d) => { const m = await sharp(s).metadata(); return sharp(s).extract({ left: 2, top: 1, width: m.width! - 2, height: m.height! - 1 }).jpeg({ quality: 95 }).toFile(d); } },
  { name: 'down90', kind: 'sharp', write: async (s, d) => { const m = await sharp(s).metadata(); return sharp(s).resize(Math.round(m.width! * 0.9)).jpeg({ quality: 95 }).toFile(d); } },
  { name: 'brighter', kind: 'sharp', write: (s, d) => sharp(s).modulate({ brightness: 1.12 }).jpeg({ quality: 95 }).toFile(d) },
  { name: 'sharpened', kind: 'sharp', write: (s, d) => sharp(s).sharpen({ sigma: 0.8 }).jpeg({ quality: 95 }).toFile(d) },
  { name: 'defocus3', kind: 'blurred', write: (s, d) => writeDefocused(s, d, 3) },
  { name: 'defocus5', kind: 'blurred', write: (s, d) => writeDefocused(s, d, 5) },
  { name: 'defocus8', kind: 'blurred', write: (s, d) => writeDefocused(s, d, 8) },
  { name: 'motion7', kind: 'blurred', write: (s, d) => writeMotionBlurred(s, d, 7) },
  { name: 'motion13', kind: 'blurred', write: (s, d) => writeMotionBlurred(s, d, 13) },
];
for (const photo of fixturePhotos) {
  const stem = photo.replace(/\.\w+$/, '');
  fs.mkdirSync(path.join(root, stem));
  for (const v of variants) await v.write(path.join(fixtureDir, photo), path.join(root, stem, `${v.name}.jpg`));
}
const session = ScanSession.open({ databasePath: path.join(root, 'library.db'), providerPolicy: 'cpu', spawner: nodeScorerSpawner(process.env) });
const scores = new Map<string, number>();
const job = new ScanJob({ root, store: session.store, scorer: session.scorer });
job.on('photo', (l) => { if (l.blurScore !== null) scores.set(path.relative(root, l.path), l.blurScore); });
await job.run();
await session.close();

let sharpSpread = 0;
let smallestBlurGap = Infinity;
console.log(`scene       ${variants.map((v) => v.name.padStart(9)).join(' ')}`);
for (const photo of fixturePhotos) {
  const stem = photo.replace(/\.\w+$/, '');
  const row = variants.map((v) => scores.get(path.join(stem, `${v.name}.jpg`)) ?? Number.NaN);
  const sharpScores = row.filter((_, i) => variants[i].kind === 'sharp');
  const spread = Math.max(...sharpScores) - Math.min(...sharpScores);
  sharpSpread = Math.max(sharpSpread, spread);
  const best = Math.min(...sharpScores);
  for (const [i, v] of variants.entries()) if (v.kind === 'blurred' && v.name !== 'defocus3') smallestBlurGap = Math.min(smallestBlurGap, row[i] - best);
  console.log(`${stem.padEnd(11)} ${row.map((s) => s.toFixed(3).padStart(9)).join(' ')}   sharp spread ${spread.toFixed(3)}`);
}
console.log(`largest score spread among equally sharp frames: ${sharpSpread.toFixed(3)}`);
console.log(`smallest gap from the sharpest frame to a defocus >= 5 px or motion >= 7 px frame: ${smallestBlurGap.toFixed(3)}`);
console.log(`BURST_BLUR_MARGIN in use: ${BURST_BLUR_MARGIN}`);
fs.rmSync(root, { recursive: true, force: true });
