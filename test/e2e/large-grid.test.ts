import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openLibraryDatabase } from '../../src/main/db/library-database.ts';
import { shotKey } from '../../src/main/db/migrations.ts';
import { loadModelCard } from '../../src/main/scoring/model-card.ts';
import { fixtureDir } from '../helpers/photo-factory.ts';
import { chromiumSuite, openApp, type AppUnderTest } from './e2e-harness.ts';
import { see } from './locator-assertions.ts';
import { activeIndex } from './page-probes.ts';

const ROWS = 20_000;
let app: AppUnderTest | undefined;

const suite = chromiumSuite(async () => app?.close());

/**
 * A library of `ROWS` scored photos written straight into the bridge's database (scoring 20,000
 * real files would take the test's whole budget); every row shares one real thumbnail.
 */
async function seedLibrary(dataDir: string, root: string): Promise<void> {
  const { threshold } = loadModelCard().card;
  const thumb = path.join(dataDir, 'thumb.webp');
  await sharp(path.join(fixtureDir, 'chelsea.png')).resize(240).webp().toFile(thumb);
  const db = openLibraryDatabase(path.join(dataDir, 'library.db'));
  try {
    const now = Date.now();
    const libraryId = Number(db.prepare('INSERT INTO libraries (path, added_at, last_scan_at) VALUES (?, ?, ?)').run(root, now, now).lastInsertRowid);
    const photo = db.prepare(`INSERT INTO photos (library_id, path, format, status, size, mtime_ms, width, height, thumb_path, indexed_at, shot_key)
      VALUES (?, ?, 'jpeg', 'scored', 100000, ?, 451, 300, ?, ?, ?)`);
    const score = db.prepare(`INSERT INTO scores (photo_id, model_id, model_version, level, blur_score, verdict, blur_type, tile_cols, tile_rows, tile_blur, tile_used, provider, scored_at)
      VALUES (?, 'seed', '1', 'standard', ?, 'blurry', 'defocus', 1, 1, ?, ?, 'cpu', ?)`);
    db.transaction(() => {
      for (let i = 0; i < ROWS; i++) {
        const file = path.join(root, `IMG_${String(i).padStart(5, '0')}.jpg`);
        const id = Number(photo.run(libraryId, file, now, thumb, now, shotKey(file)).lastInsertRowid);
        // Blurriest first in the grid, so index i is IMG_i; every one at or above the default threshold.
        score.run(id, 0.99 - ((0.98 - threshold) * i) / ROWS, Buffer.from([200]), Buffer.from([1]), now);
      }
    })();
  } finally {
    db.close();
  }
}

/** Whether the grid cell at `index` lies fully inside the grid's scrolled viewport. */
async function inView(page: Page, index: number): Promise<boolean> {
  const grid = (await page.getByRole('listbox').boundingBox())!;
  const box = await page.locator(`#photo-cell-${index}`).boundingBox();
  return box !== null && box.y >= grid.y - 1 && box.y + box.height <= grid.y + grid.height + 1;
}

const name = (i: number) => `IMG_${String(i).padStart(5, '0')}.jpg`;

describe('review grid with 20,000 flagged photos', () => {
  it('renders a window of cells, reaches the end quickly and keeps the active photo in view', async () => {
    const dataDir = suite.scratch('crisp-e2e-data-');
    const root = suite.scratch('crisp-e2e-big-');
    const seeded = Date.now();
    await seedLibrary(dataDir, root);
    console.log(`seeded ${ROWS} rows in ${Date.now() - seeded} ms`);
    app = await openApp(suite.browser(), { dataDir });
    const { page } = app;

    await page.getByRole('link', { name: /^Review/ }).click();
    await see.text(page.getByTestId('review-total'), `${ROWS.toLocaleString('en-US')} flagged`);
    await see.text(page.locator('#photo-cell-0 .cell-caption'), name(0));
    const options = page.locator('[role=option]');
    const rendered = await options.count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(200);
    expect(await page.locator('#photo-cell-0').getAttribute('aria-setsize')).toBe(String(ROWS));

    // End: the last photo, loaded and on screen.
    await page.locator('#photo-cell-0').click();
    const t0 = Date.now();
    await page.keyboard.press('End');
    await see.text(page.locator(`#photo-cell-${ROWS - 1} .cell-caption`), name(ROWS - 1));
    const toEnd = Date.now() - t0;
    console.log(`End → last photo shown in ${toEnd} ms; ${await options.count()} cells in the DOM`);
    expect(toEnd).toBeLessThan(10_000);
    expect(await activeIndex(page)).toBe(ROWS - 1);
    expect(await inView(page, ROWS - 1)).toBe(true);
    expect(await options.count()).toBeLessThan(200);

    // Arrows from the end keep the active cell in view.
    const columns = Number(await page.locator('.grid-row').first().locator('[role=option]').count());
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    const expected = ROWS - 1 - 3 * columns - 1;
    await expect.poll(() => activeIndex(page), { timeout: 20_000 }).toBe(expected);
    await expect.poll(() => inView(page, expected), { timeout: 20_000 }).toBe(true);

    // A scroll sweep top to bottom: frame gaps and the DOM stay small.
    const sweep = await page.evaluate(`(async () => {
      const grid = document.querySelector('[role=listbox]');
      const steps = 60;
      const gaps = [];
      let maxCells = 0;
      let last = performance.now();
      const started = last;
      for (let s = 0; s <= steps; s++) {
        grid.scrollTop = (grid.scrollHeight - grid.clientHeight) * s / steps;
        await new Promise((r) => requestAnimationFrame(() => r()));
        const now = performance.now();
        gaps.push(now - last);
        last = now;
        maxCells = Math.max(maxCells, document.querySelectorAll('[role=option]').length);
      }
      gaps.sort((a, b) => a - b);
      return { ms: Math.round(performance.now() - started), maxCells, medianFrame: gaps[gaps.length >> 1], worstFrame: Math.round(gaps[gaps.length - 1]) };
    })()`) as { ms: number; maxCells: number; medianFrame: number; worstFrame: number };
    console.log(`scroll sweep over ${ROWS} items: ${JSON.stringify(sweep)}`);
    expect(sweep.maxCells).toBeLessThan(200);
    await see.text(page.locator(`#photo-cell-${ROWS - 1} .cell-caption`), name(ROWS - 1));

    // Home: back to the first photo.
    await page.keyboard.press('Home');
    await expect.poll(() => inView(page, 0), { timeout: 20_000 }).toBe(true);
    expect(await activeIndex(page)).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
