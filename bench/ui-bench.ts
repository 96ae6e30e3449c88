/**
 * npm run bench:ui — the review app's two latency targets, measured in Debian's Chromium against
 * the real bridge and engine. Prints numbers; not a test.
 *   (1) opening the review queue with 20,000 flagged photos: navigation to first painted grid cell (target < 500 ms)
 *   (2) next / previous in compare: key press to the next full preview shown (target < 50 ms; neighbours are preloaded)
 *   (3) the all-photos view of the same 20,000 photos, capture order, bursts stacked: click to first painted cell (target < 500 ms)
 *   (4) next / previous in the loupe: key press to the next full preview shown (target < 50 ms median)
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { startBridgeServer } from '../src/main/bridge/bridge-server.ts';
import { openLibraryDatabase } from '../src/main/db/library-database.ts';
import { shotKey } from '../src/main/db/migrations.ts';
import { fixtureDir, fixturePhotos, tempDir } from '../test/helpers/photo-factory.ts';

const rendererDir = path.resolve(import.meta.dirname, '../out/renderer');
if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('build the renderer first: npm run build:renderer');
const browser = await chromium.launch({
  executablePath: process.env.CRISP_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
/** In-page: presses `key`, resolves with the ms until the pane shows a different, fully loaded photo. */
function stepScript(key: string, pane = 'candidate'): string {
  return `new Promise((resolve) => {
    const before = document.querySelector('[data-testid=pane-canvas-${pane}] img')?.getAttribute('alt');
    const t0 = performance.now();
    (document.activeElement || document.body).dispatchEvent(new KeyboardEvent('keydown', { key: '${key}', bubbles: true }));
    setTimeout(() => resolve(Number.NaN), 5000);
    const check = () => {
      const canvas = document.querySelector('[data-testid=pane-canvas-${pane}]');
      const img = canvas && canvas.querySelector('img');
      if (img && img.getAttribute('alt') !== before && canvas.style.visibility === 'visible' && img.complete && img.naturalWidth > 0) {
        requestAnimationFrame(() => resolve(performance.now() - t0));
      } else requestAnimationFrame(check);
    };
    check();
  })`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function seed20k(dataDir: string): Promise<void> {
  const thumb = path.join(dataDir, 'thumb.webp');
  await sharp(path.join(fixtureDir, 'chelsea.png')).resize(240).webp().toFile(thumb);
  const db = openLibraryDatabase(path.join(dataDir, 'library.db'));
  const now = Date.now();
  const root = path.join(dataDir, 'library');
  const lib = Number(db.prepare('INSERT INTO libraries (path, added_at, last_scan_at) VALUES (?, ?, ?)').run(root, now, now).lastInsertRowid);
  const photo = db.prepare(`INSERT INTO photos (library_id, path, format, status, size, mtime_ms, width, height, thumb_path, indexed_at, shot_key, taken_at)
    VALUES (?, ?, 'jpeg', 'scored', 100000, ?, 451, 300, ?, ?, ?, ?)`);
  const burst = db.prepare('UPDATE photos SET burst_id = ? WHERE id = ?');
  const score = db.prepare(`INSERT INTO scores (photo_id, model_id, model_version, level, blur_score, verdict, blur_type, tile_cols, tile_rows, tile_blur, tile_used, provider, scored_at)
    VALUES (?, 'seed', '1', 'standard', ?, 'blurry', 'defocus', 1, 1, x'c8', x'01', 'cpu', ?)`);
  db.transaction(() => {
    let burstId = '';
    for (let i = 0; i < 20_000; i++) {
      const file = path.join(root, `IMG_${String(i).padStart(5, '0')}.jpg`);
      const takenAt = new Date(Date.UTC(2024, 4, 1, 8) + i * 1500).toISOString().slice(0, 19);
      const id = Number(photo.run(lib, file, now, thumb, now, shotKey(file), takenAt).lastInsertRowid);
      score.run(id, 0.99 - i / 50_000, now);
      // Every tenth shot starts a burst of three, as a wedding or sports shoot has them.
      if (i % 10 === 0) burstId = `burst:${id}`;
      if (i % 10 < 3) burst.run(burstId, id);
    }
  })();
  db.close();
}

/** Cold: a fresh page load straight into the review queue. Warm: the app is open and the user clicks Review. */
async function reviewQueueFirstPaint(): Promise<{ cold: number[]; warm: number[]; all: number[]; allTotal: string }> {
  const dataDir = tempDir('crisp-uibench-20k-');
  await seed20k(dataDir);
  const bridge = await startBridgeServer({ dataDir, rendererDir });
  const cold: number[] = [];
  const warm: number[] = [];
  const all: number[] = [];
  let allTotal = '';
  const firstPaint = 'new Promise((r) => requestAnimationFrame(() => r(performance.now())))';
  try {
    for (let run = 0; run < 5; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${bridge.url}#/review`);
      await page.locator('[role=listbox] img').first().waitFor({ state: 'visible' });
      cold.push(await page.evaluate(firstPaint) as number);
      await page.goto(`${bridge.url}#/libraries`);
      await page.reload();
      await page.getByTestId('photo-count').first().waitFor();
      const t0 = await page.evaluate('performance.now()') as number;
      await page.getByRole('link', { name: /^Review/ }).click();
      await page.locator('[role=listbox] img').first().waitFor({ state: 'visible' });
      warm.push((await page.evaluate(firstPaint) as number) - t0);
      // The whole shoot: switch the open review to All photos.
      const t1 = await page.evaluate('performance.now()') as number;
      await page.getByRole('button', { name: 'All photos' }).click();
      await page.locator('[role=listbox][aria-label^="All photos"] img').first().waitFor({ state: 'visible' });
      all.push((await page.evaluate(firstPaint) as number) - t1);
      if (run === 0) allTotal = (await page.getByTestId('review-total').textContent()) ?? '';
      await context.close();
    }
  } finally {
    await bridge.close();
  }
  return { cold, warm, all, allTotal };
}

async function stepTimes(view: 'compare' | 'loupe'): Promise<number[]> {
  const photos = tempDir('crisp-uibench-photos-');
  // Twelve 12 MP JPEGs with real detail, defocused so they are flagged.
  for (let i = 0; i < 12; i++) {
    const src = path.join(fixtureDir, fixturePhotos[i % fixturePhotos.length]);
    await sharp(src).toColourspace('srgb').resize(4240, 2832, { fit: 'fill' }).blur(3 + (i % 4)).jpeg({ quality: 90 }).toFile(path.join(photos, `DSC_${String(i).padStart(4, '0')}.jpg`));
  }
  const dataDir = tempDir('crisp-uibench-data-');
  const bridge = await startBridgeServer({ dataDir, rendererDir });
  const times: number[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(bridge.url);
    await page.getByLabel('Folder path').fill(photos);
    await page.getByRole('button', { name: 'Add path' }).click();
    console.log('  scanning 12 photos…');
    await page.locator('.scan-count', { hasText: '12 / 12' }).waitFor({ timeout: 120_000 });
    await page.goto(`${bridge.url}#/review`);
    await page.locator('[role=listbox] img').first().waitFor();
    const pane = view === 'compare' ? 'candidate' : 'loupe';
    await page.keyboard.press(view === 'compare' ? 'Space' : 'e');
    await page.locator(`[data-testid=pane-canvas-${pane}]`).waitFor();
    for (let step = 0; step < 10; step++) {
      // A photographer looks at each frame for a moment; that is when the neighbours load.
      await page.waitForTimeout(1200);
      times.push(await page.evaluate(stepScript(step % 3 === 2 ? 'ArrowLeft' : 'ArrowRight', pane)) as number);
    }
    await context.close();
  } finally {
    await bridge.close();
  }
  return times;
}

console.log('Crisp review app benchmark (Chromium, real bridge and engine)');
if (!process.env.BENCH_UI_SKIP_GRID) {
  const { cold, warm, all, allTotal } = await reviewQueueFirstPaint();
  console.log(`(1) review queue, 20,000 flagged photos, to the first painted grid cell (target < 500 ms):`);
  console.log(`    opened from the running app: median ${median(warm).toFixed(0)} ms, worst ${Math.max(...warm).toFixed(0)} ms over ${warm.length} runs`);
  console.log(`    cold page load straight into it: median ${median(cold).toFixed(0)} ms, worst ${Math.max(...cold).toFixed(0)} ms`);
  console.log(`(3) all-photos view of the same 20,000 photos (capture order, bursts stacked: ${allTotal}), click to the first painted cell (target < 500 ms):`);
  console.log(`    median ${median(all).toFixed(0)} ms, worst ${Math.max(...all).toFixed(0)} ms over ${all.length} runs`);
}
for (const [n, view] of process.env.BENCH_UI_SKIP_STEPS ? [] : [[2, 'compare'], [4, 'loupe']] as const) {
  const steps = await stepTimes(view);
  const shown = steps.filter((ms) => !Number.isNaN(ms));
  console.log(`(${n}) ${view} next/previous, 12 MP JPEGs: next full preview shown median ${median(shown).toFixed(0)} ms, worst ${Math.max(...shown).toFixed(0)} ms over ${shown.length} steps${shown.length < steps.length ? ` (${steps.length - shown.length} never showed within 5 s)` : ''} (target < 50 ms)`);
}
await browser.close();
