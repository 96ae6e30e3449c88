/**
 * npm run bench: prints throughput and memory numbers for the scan pipeline. Not a test.
 *   (a) full scan pipeline (walk, read, fingerprint, decode once, thumbnail, ONNX, SQLite) on a fresh DB
 *   (b) sharp decoding the same files with nothing else, at the same parallelism
 *   rescan of 100k unchanged files
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { openLibraryDatabase } from '../src/main/db/library-database.ts';
import { ScanJob } from '../src/main/scan/scan-job.ts';
import { ScanSession } from '../src/main/scan/scan-session.ts';
import { decodeConcurrency } from '../src/main/scoring/scorer-concurrency.ts';
import { largePhotoSet } from './large-photo-set.ts';
import { peakRssMb } from './peak-rss.ts';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 24);
const RESCAN_FILES = Number(process.env.BENCH_RESCAN_FILES ?? 100_000);
const IN_FLIGHT = decodeConcurrency(); // photos the scorer decodes at once

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function fresh(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function decodeOnly(files: string[]): Promise<number> {
  const t0 = performance.now();
  await pool(files, IN_FLIGHT, async (f) => sharp(await fs.promises.readFile(f)).rotate().raw().toBuffer());
  return files.length / ((performance.now() - t0) / 1000);
}

async function fullPipeline(files: string[]): Promise<{ rate: number; scorerPeak: number; provider: string }> {
  const root = fresh('crisp-bench-scan-');
  for (const f of files) fs.symlinkSync(f, path.join(root, path.basename(f)));
  const session = ScanSession.open({ databasePath: path.join(fresh('crisp-bench-db-'), 'library.db') });
  try {
    const ready = await session.scorer.start();
    const job = new ScanJob({ root, store: session.store, scorer: session.scorer });
    const t0 = performance.now();
    const summary = await job.run();
    const seconds = (performance.now() - t0) / 1000;
    if (summary.scored !== files.length) throw new Error(`scored ${summary.scored} of ${files.length}`);
    const scorerPeak = session.scorer.pid ? peakRssMb(session.scorer.pid) : 0;
    return { rate: files.length / seconds, scorerPeak, provider: ready.provider };
  } finally {
    await session.close();
  }
}

async function inferenceVsDecode(file: string): Promise<{ decodeMs: number; inferMs: number; ghostMs: number | null; passes: string }> {
  const { BlurModel } = await import('../src/main/scoring/blur-model.ts');
  const { loadModelCard } = await import('../src/main/scoring/model-card.ts');
  const { decodePhoto } = await import('../src/main/scoring/photo-decoder.ts');
  const model = await BlurModel.load(loadModelCard(), 'cpu');
  const input = fs.readFileSync(file);
  const decoded = await decodePhoto(input, model.longEdge('standard'), model.tileSize);
  await model.judge(decoded.analysis);
  const reps = 5;
  let t0 = performance.now();
  for (let i = 0; i < reps; i++) await sharp(input).raw().toBuffer();
  const decodeMs = (performance.now() - t0) / reps;
  t0 = performance.now();
  for (let i = 0; i < reps; i++) await model.judge(decoded.analysis);
  const inferMs = (performance.now() - t0) / reps;
  const { ghostEvidence } = await import('../src/main/scoring/ghost-detector.ts');
  const ghost = model.card.aggregation.ghost;
  let ghostMs: number | null = null;
  if (ghost) {
    t0 = performance.now();
    for (let i = 0; i < reps; i++) ghostEvidence(decoded.analysis.rgb, decoded.analysis.width, decoded.analysis.height, ghost);
    ghostMs = (performance.now() - t0) / reps;
  }
  const coarse = model.card.aggregation.coarseScale;
  await model.release();
  return { decodeMs, inferMs, ghostMs, passes: coarse === undefined ? 'at 2048 px' : `at 2048 px and the ${coarse}x coarse pass` };
}

function prepareRescan(count: number): { root: string; db: string } {
  const root = path.join(os.tmpdir(), `crisp-bench-rescan-${count}`);
  const marker = path.join(root, '.complete');
  if (!fs.existsSync(marker)) {
    fs.rmSync(root, { recursive: true, force: true });
    const perDir = 1000;
    for (let i = 0; i < count; i++) {
      const dir = path.join(root, `shoot-${String(Math.floor(i / perDir)).padStart(3, '0')}`);
      if (i % perDir === 0) fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `IMG_${String(i).padStart(6, '0')}.jpg`), 'x');
    }
    fs.writeFileSync(marker, '');
  }
  const db = path.join(fresh('crisp-bench-rescan-db-'), 'library.db');
  const conn = openLibraryDatabase(db);
  const card = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../resources/models/crisp-blur.json'), 'utf8'));
  const lib = Number(conn.prepare('INSERT INTO libraries (path, added_at) VALUES (?, ?)').run(root, Date.now()).lastInsertRowid);
  const photo = conn.prepare("INSERT INTO photos (library_id, path, format, status, size, mtime_ms, fingerprint, indexed_at) VALUES (?, ?, 'jpeg', 'scored', ?, ?, ?, ?)");
  const score = conn.prepare(`INSERT INTO scores (photo_id, model_id, model_version, level, blur_score, verdict, tile_cols, tile_rows, tile_blur, tile_used, provider, scored_at)
    VALUES (?, ?, ?, 'standard', ?, ?, 1, 1, x'00', x'01', 'cpu', ?)`);
  conn.transaction(() => {
    for (const sub of fs.readdirSync(root).filter((d) => d.startsWith('shoot-'))) {
      for (const name of fs.readdirSync(path.join(root, sub))) {
        const file = path.join(root, sub, name);
        const st = fs.statSync(file);
        const id = Number(photo.run(lib, file, st.size, Math.trunc(st.mtimeMs), name, Date.now()).lastInsertRowid);
        const s = (id % 100) / 100;
        score.run(id, card.id, card.version, s, s >= card.threshold ? 'blurry' : 'sharp', Date.now());
      }
    }
  })();
  conn.close();
  return { root, db };
}

const cores = os.availableParallelism();
console.log(`Crisp scan benchmark — ${os.cpus()[0]?.model ?? 'cpu'} × ${cores}, node ${process.version}, sharp/libvips ${sharp.versions.vips}`);
console.log(`Building ${PHOTOS} photos of 6000x4000 (24 MP) from the fixtures…`);
const files = await largePhotoSet(PHOTOS);
const mb = files.reduce((s, f) => s + fs.statSync(f).size, 0) / 1e6;
console.log(`  ${files.length} JPEGs, ${mb.toFixed(0)} MB`);

// Warm the page cache so both measurements read from memory.
for (const f of files) fs.readFileSync(f);
const decodeRate = await decodeOnly(files);
console.log(`(b) sharp full decode only, ${IN_FLIGHT} at a time (as the scorer): ${decodeRate.toFixed(2)} photos/s`);
const full = await fullPipeline(files);
console.log(`(a) full scan pipeline, fresh DB (${full.provider}):         ${full.rate.toFixed(2)} photos/s`);
console.log(`    ratio (a)/(b): ${(full.rate / decodeRate).toFixed(2)}   (target ≥ 0.80)`);
console.log(`    peak RSS: bench process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, scorer process ${full.scorerPeak.toFixed(0)} MB`);
const ivd = await inferenceVsDecode(files[0]);
console.log(`    one photo: full JPEG decode ${ivd.decodeMs.toFixed(0)} ms, model inference ${ivd.passes} ${ivd.inferMs.toFixed(0)} ms`);
if (ivd.ghostMs !== null) console.log(`    of which the doubled-edge check (aggregation.ghost, on this thread while the network runs) ${ivd.ghostMs.toFixed(0)} ms alone`);

console.log(`Preparing a library of ${RESCAN_FILES} unchanged, scored files…`);
const rescan = prepareRescan(RESCAN_FILES);
const out = execFileSync(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, 'rescan-100k.ts'), rescan.root, rescan.db], { encoding: 'utf8' });
const r = JSON.parse(out.trim().split('\n').at(-1)!);
console.log(`Rescan of ${r.lines} unchanged files: ${r.seconds.toFixed(2)} s (target ≤ 10 s), peak RSS ${r.peakRssMb.toFixed(0)} MB (target ≤ 400 MB); ${r.unchanged} unchanged, ${r.scored} rescored`);
