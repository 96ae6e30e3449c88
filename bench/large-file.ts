/**
 * Peak memory of scoring one very large photo: a 196 MP PNG of about 600 MB, scored with the file read whole
 * and streamed from disk (what the scorer does above STREAM_ABOVE_BYTES). Each run in a fresh process.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { BlurModel } from '../src/main/scoring/blur-model.ts';
import { loadModelCard } from '../src/main/scoring/model-card.ts';
import { PhotoScorer, STREAM_ABOVE_BYTES } from '../src/main/scoring/photo-scorer.ts';

async function measure(file: string, streamAboveBytes: number): Promise<void> {
  const model = await BlurModel.load(loadModelCard(), 'cpu');
  const st = fs.statSync(file);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  const t0 = performance.now();
  const r = await new PhotoScorer(model, { level: 'standard', threshold: 0.5, thumbDir: path.join(path.dirname(file), 'thumbs'), pixelLimit: 300e6, streamAboveBytes })
    .score({ jobId: 1, path: file, expectedSize: st.size, expectedMtimeMs: Math.trunc(st.mtimeMs) });
  clearInterval(timer);
  await model.release();
  console.log(JSON.stringify({ ok: r.ok, ms: Math.round(performance.now() - t0), peakMB: Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6) }));
}

const [mode, file] = process.argv.slice(2);
if (mode === 'run') {
  await measure(file, Number(process.argv[4]));
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crisp-bench-large-'));
  const png = path.join(dir, 'huge.png');
  console.log('Writing a 14000x14000 (196 MP) PNG…');
  await sharp({ create: { width: 14000, height: 14000, channels: 3, background: { r: 120, g: 130, b: 140 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .png({ compressionLevel: 1 }).toFile(png);
  console.log(`  ${Math.round(fs.statSync(png).size / 1e6)} MB`);
  for (const [label, limit] of [['read whole', Number.MAX_SAFE_INTEGER], ['streamed (the scorer)', STREAM_ABOVE_BYTES]] as const) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, 'run', png, String(limit)], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { ok: boolean; ms: number; peakMB: number };
    console.log(`${label}: scored ${r.ok ? 'ok' : 'FAILED'} in ${r.ms} ms, peak RSS ${r.peakMB} MB`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
