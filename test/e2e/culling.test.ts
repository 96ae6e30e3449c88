import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closeExiftool, exiftool } from '../../src/main/formats/exiftool-process.ts';
import { fixtureDir, sha256File, writeDefocused } from '../helpers/photo-factory.ts';
import { addAndScan, cell, cellNamed } from './app-steps.ts';
import { chromiumSuite, openApp, screenshotDir, withExif, writeBurstLibrary, type AppUnderTest } from './e2e-harness.ts';
import { see } from './locator-assertions.ts';
import { activeIndex, clearToasts, inlineStyle } from './page-probes.ts';

let app: AppUnderTest | undefined;
const suite = chromiumSuite(async () => {
  await app?.close();
  await closeExiftool();
});

/**
 * The burst library, plus a fourth burst of two equally sharp frames (the original and a copy
 * resampled to 85 %, a derivative) and one out of focus, and a RAW+JPEG pair picked later.
 */
async function writeCullingLibrary(dir: string): Promise<number> {
  const photos = await writeBurstLibrary(dir);
  const staging = suite.scratch('crisp-e2e-cull-staging-');
  const rocket = path.join(fixtureDir, 'rocket.jpg');
  const { width } = await sharp(rocket).metadata();
  await sharp(rocket).resize(Math.round(width! * 0.85)).jpeg({ quality: 95 }).toFile(path.join(staging, 'small.jpg'));
  await writeDefocused(rocket, path.join(staging, 'defocus.jpg'), 10);
  await withExif(rocket, path.join(dir, 'launch-1.jpg'), 9, 0, false);
  await withExif(path.join(staging, 'small.jpg'), path.join(dir, 'launch-2.jpg'), 9, 1, false);
  await withExif(path.join(staging, 'defocus.jpg'), path.join(dir, 'launch-3.jpg'), 9, 2, false);
  await withExif(path.join(fixtureDir, 'coffee.png'), path.join(dir, 'IMG_1234.JPG'), 12, 0, false);
  fs.copyFileSync(path.join(fixtureDir, '../raw/nef-large-preview.nef'), path.join(dir, 'IMG_1234.NEF'));
  return photos.length + 5;
}

/** Marks a photo in the grid (p: keep, x: trash), then writes the XMP sidecars from Settings. */
async function markAndWriteSidecars(page: Page, fileName: string, decision: 'keep' | 'trash'): Promise<void> {
  await cellNamed(page, fileName).click();
  await page.keyboard.press(decision === 'keep' ? 'p' : 'x');
  await see.visible(cellNamed(page, fileName).locator(`[data-decision=${decision}]`));
  await page.keyboard.press('Alt+5');
  await page.getByRole('button', { name: 'Write XMP sidecars' }).click();
  await see.text(page.getByTestId('sidecar-report'), /^Wrote \d+ sidecars\.$/);
}

const trashDecisions = () => app!.bridge.app.review.trashReview(0.5).items.map((i) => i.fileName).sort();
const zoomOf = (pane: string) => app!.page.locator(`.pane-${pane} .pane-frame`).getAttribute('data-zoom');

describe('culling the whole shoot in Chromium against the real engine', () => {
  let photoDir: string;

  it('keeps both equally sharp frames of a burst under B, lets every frame be toggled, and never applies on Enter', async () => {
    photoDir = suite.scratch('crisp-e2e-cull-');
    const count = await writeCullingLibrary(photoDir);
    app = await openApp(suite.browser(), { dataDir: suite.scratch('crisp-e2e-data-') });
    const { page } = app;
    await addAndScan(page, photoDir, count);
    await page.getByRole('link', { name: /^Review/ }).click();
    // The flagged view is the default after a scan.
    await see.visible(page.getByRole('listbox', { name: 'Flagged photos, blurriest first' }));
    await see.text(page.getByTestId('review-total'), /^\d+ flagged$/);

    // B, then Enter: focus is on Cancel, so Enter closes the preview and marks nothing.
    await page.keyboard.press('b');
    const dialog = page.getByRole('dialog', { name: 'Keep the sharpest of each burst' });
    await see.count(dialog.locator('.burst-plan-row'), 4);
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Cancel');
    await page.keyboard.press('Enter');
    await see.count(page.getByRole('dialog'), 0);
    expect(trashDecisions()).toEqual([]);

    // Both sharp frames of the launch burst stay; the original (larger) is the keeper; only the defocused one is proposed.
    // (Toasts go first: a click where one was would land on the dialog's backdrop and cancel it.)
    await clearToasts(page);
    await page.keyboard.press('b');
    const frame = (name: string) => dialog.locator('.plan-thumb', { has: page.locator('.plan-name', { hasText: name }) });
    await see.attr(frame('launch-1.jpg'), 'data-role', 'keep');
    await see.attr(frame('launch-2.jpg'), 'data-role', 'leave');
    await see.attr(frame('launch-3.jpg'), 'data-role', 'mark');
    for (const scene of ['chelsea', 'coffee', 'astronaut']) {
      await see.attr(frame(`${scene}-sharp.jpg`), 'data-role', 'keep');
      await see.attr(frame(`${scene}-defocus.jpg`), 'data-role', 'mark');
      await see.attr(frame(`${scene}-motion.jpg`), 'data-role', 'mark');
    }
    // Each frame toggles by click, and by X / K on the focused frame.
    await frame('launch-2.jpg').click();
    await see.attr(frame('launch-2.jpg'), 'aria-pressed', 'true');
    await frame('launch-2.jpg').click();
    await see.attr(frame('launch-2.jpg'), 'aria-pressed', 'false');
    await frame('launch-3.jpg').focus();
    await page.keyboard.press('k');
    await see.attr(frame('launch-3.jpg'), 'data-role', 'leave');
    await page.keyboard.press('x');
    await see.attr(frame('launch-3.jpg'), 'data-role', 'mark');
    await see.contains(dialog.getByRole('button', { name: /^Mark 7 photos for trash/ }), 'Ctrl+Enter');
    await expect.poll(() => dialog.locator('img').evaluateAll((imgs: any[]) => imgs.every((i) => i.complete && i.naturalWidth > 0)), { timeout: 20_000 }).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'keep-sharpest.png') });
    await page.keyboard.press('Control+Enter');
    await see.count(page.getByRole('dialog'), 0);
    await expect.poll(trashDecisions, { timeout: 20_000 }).toEqual([
      'astronaut-defocus.jpg', 'astronaut-motion.jpg', 'chelsea-defocus.jpg', 'chelsea-motion.jpg', 'coffee-defocus.jpg', 'coffee-motion.jpg', 'launch-3.jpg',
    ]);
    // "Keep one per burst" would mark the sharp twin too, but only when asked.
    await page.keyboard.press('b');
    await dialog.getByRole('radio', { name: /Keep one per burst/ }).click();
    await see.attr(frame('launch-2.jpg'), 'data-role', 'mark');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await expect.poll(trashDecisions, { timeout: 20_000 }).toEqual([]);
    // One undo notice at a time: a newer one replaces the last.
    await see.visible(page.getByRole('status').filter({ hasText: 'Undid mark for trash on 7 photo(s)' }));
    await page.keyboard.press('Control+z');
    await see.visible(page.getByRole('status').filter({ hasText: 'Nothing to undo' }));
    await see.count(page.getByRole('status').filter({ hasText: /Undid|Nothing to undo|Marked 7/ }), 1);
    expect(app.errors).toEqual([]);
  });

  it('Shift+click picks the keeper; stars and labels show, filter, combine, and round-trip through XMP', async () => {
    const { page } = app!;
    // Shift+click compares against a photo without moving the cursor off the one under review.
    await cell(page, 0).click();
    const reviewed = await cell(page, 0).locator('.cell-caption').textContent();
    const picked = await cell(page, 2).locator('.cell-caption').textContent();
    await cell(page, 2).click({ modifiers: ['Shift'] });
    expect(await activeIndex(page)).toBe(0);
    await page.keyboard.press('Space');
    await see.text(page.locator('.pane-candidate .pane-name'), reviewed!);
    await see.text(page.locator('.pane-keeper .pane-name'), picked!);
    await page.keyboard.press('l');
    await page.keyboard.press('Escape');

    // All photos, in capture order, bursts as stacks: 4 bursts, 2 loners, the launch burst, the pair.
    await page.getByRole('button', { name: 'All photos' }).click();
    await see.visible(page.getByRole('listbox', { name: 'All photos, capture time' }));
    await see.text(page.getByTestId('review-total'), '7 photos');
    await see.count(page.getByTestId('stack-badge'), 4);
    await cell(page, 0).click();
    await page.keyboard.press('Enter');
    await see.text(page.getByTestId('review-total'), '9 photos (burst open)');
    await see.count(page.locator('[role=option] .cell-caption', { hasText: /^chelsea-/ }), 3);
    await page.keyboard.press('Escape');
    await see.text(page.getByTestId('review-total'), '7 photos');

    // 4 stars and the blue label (keys 4 and 9) on the camera; 9 again clears the label, 9 once more sets it.
    await cellNamed(page, 'camera.jpg').click();
    await page.keyboard.press('4');
    await page.keyboard.press('9');
    await see.text(cellNamed(page, 'camera.jpg').getByTestId('sidecar-rating'), '★★★★');
    await see.text(cellNamed(page, 'camera.jpg').getByTestId('sidecar-label'), 'Blue');
    await page.keyboard.press('9');
    await see.count(cellNamed(page, 'camera.jpg').getByTestId('sidecar-label'), 0);
    await page.keyboard.press('9');
    await cellNamed(page, 'rocket.jpg').click();
    await page.keyboard.press('2');
    await page.keyboard.press('6');
    await see.text(cellNamed(page, 'rocket.jpg').getByTestId('sidecar-label'), 'Red');
    await expect.poll(() => page.locator('[role=option] img').evaluateAll((imgs: any[]) => imgs.every((i) => i.complete && i.naturalWidth > 0)), { timeout: 20_000 }).toBe(true);
    await clearToasts(page);
    await page.screenshot({ path: path.join(screenshotDir, 'all-photos.png') });

    // Filters combine across both views: 3 stars or more in all photos is the camera; flagged and 3 stars, nothing.
    await page.getByRole('combobox', { name: 'Rating' }).selectOption('3');
    await see.text(page.getByTestId('review-total'), '1 photo');
    await see.count(cellNamed(page, 'camera.jpg'), 1);
    await page.getByRole('combobox', { name: 'Label' }).selectOption('Red');
    await see.text(page.getByTestId('review-total'), '0 photos');
    await page.getByRole('combobox', { name: 'Rating' }).selectOption('');
    await see.text(page.getByTestId('review-total'), '1 photo');
    await see.count(cellNamed(page, 'rocket.jpg'), 1);
    await page.getByRole('button', { name: 'Flagged' }).click();
    await see.visible(page.getByTestId('review-empty'));
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('button', { name: 'All photos' }).click();
    // By name: the astronaut burst first.
    await page.getByRole('combobox', { name: 'Sort' }).selectOption('name');
    await see.text(cell(page, 0).locator('.cell-caption'), /^astronaut-/);

    // Written to XMP sidecars, read by exiftool, and read back by a fresh library.
    await page.keyboard.press('Alt+5');
    await page.getByRole('button', { name: 'Write XMP sidecars' }).click();
    await see.text(page.getByTestId('sidecar-report'), 'Wrote 2 sidecars.');
    const camera = await exiftool().readRaw(path.join(photoDir, 'camera.xmp'), ['-XMP:all']) as Record<string, unknown>;
    expect(camera).toMatchObject({ Rating: 4, Label: 'Blue' });
    const rocket = await exiftool().readRaw(path.join(photoDir, 'rocket.xmp'), ['-XMP:all']) as Record<string, unknown>;
    expect(rocket).toMatchObject({ Rating: 2, Label: 'Red' });
    const fresh = await openApp(suite.browser(), { dataDir: suite.scratch('crisp-e2e-data-') });
    try {
      await addAndScan(fresh.page, photoDir, 16);
      await fresh.page.getByRole('link', { name: /^Review/ }).click();
      await fresh.page.getByRole('button', { name: 'All photos' }).click();
      await see.text(cellNamed(fresh.page, 'camera.jpg').getByTestId('sidecar-rating'), '★★★★');
      await see.text(cellNamed(fresh.page, 'camera.jpg').getByTestId('sidecar-label'), 'Blue');
      await see.text(cellNamed(fresh.page, 'rocket.jpg').getByTestId('sidecar-rating'), '★★');
      expect(fresh.errors).toEqual([]);
    } finally {
      await fresh.close();
    }
    await page.keyboard.press('Alt+2');
    expect(app!.errors).toEqual([]);
  });

  it('the loupe steps through the filmstrip in sort order and zooms in steps; 3-up keeps zoom and pan in sync', async () => {
    const { page } = app!;
    await see.visible(page.getByRole('listbox', { name: 'All photos, name' }));
    // The listbox shows before its rows arrive; read the order once the first rows are in.
    await expect.poll(() => page.locator('[role=option]').count(), { timeout: 20_000 }).toBeGreaterThan(2);
    const order = await page.locator('[role=option] .cell-caption').allTextContents();
    await cell(page, 1).click();
    await page.keyboard.press('e');
    await see.visible(page.getByTestId('loupe-view'));
    await see.text(page.locator('.pane-loupe .pane-name'), order[1]);
    await expect.poll(() => inlineStyle(page.getByTestId('pane-canvas-loupe'), 'visibility'), { timeout: 20_000 }).toBe('visible');
    // The filmstrip follows the grid's order.
    const strip = await page.getByTestId('filmstrip').getByRole('button').evaluateAll((els: any[]) => els.map((e) => e.getAttribute('aria-label').replace(/, shown$/, '')));
    expect(strip).toEqual(order.slice(0, strip.length));
    await see.attr(page.locator('.filmstrip-frame.current'), 'data-index', '1');
    await page.keyboard.press('ArrowRight');
    await see.text(page.locator('.pane-loupe .pane-name'), order[2]);
    await see.attr(page.locator('.filmstrip-frame.current'), 'data-index', '2');
    // Zoom steps anchor on the shown image: wait for the stepped-to photo to load, as for the first.
    await expect.poll(() => inlineStyle(page.getByTestId('pane-canvas-loupe'), 'visibility'), { timeout: 20_000 }).toBe('visible');
    await page.keyboard.press('+');
    await expect.poll(() => zoomOf('loupe')).toBe('2.0000');
    await page.keyboard.press('+');
    await expect.poll(() => zoomOf('loupe')).toBe('4.0000');
    await page.keyboard.press('-');
    await expect.poll(() => zoomOf('loupe')).toBe('2.0000');
    await page.getByRole('button', { name: 'Fit' }).click();
    await expect.poll(() => zoomOf('loupe')).toBe('1.0000');
    await page.keyboard.press('+');
    await clearToasts(page);
    await page.screenshot({ path: path.join(screenshotDir, 'loupe.png') });
    await page.keyboard.press('e');
    await see.visible(page.getByRole('listbox'));

    // Ctrl+click three frames, N: 3-up; zoom and pan on one pane move all three.
    for (const i of [0, 1, 2]) await cell(page, i).click({ modifiers: ['Control'] });
    await see.count(page.locator('[role=option][data-selected=true]'), 3);
    await page.keyboard.press('n');
    await see.visible(page.getByTestId('survey-view'));
    const canvases = [0, 1, 2].map((i) => page.getByTestId(`pane-canvas-survey-${i}`));
    for (const c of canvases) await expect.poll(() => inlineStyle(c, 'visibility'), { timeout: 20_000 }).toBe('visible');
    const zooms = () => Promise.all([0, 1, 2].map((i) => zoomOf(`survey-${i}`)));
    const pane0 = (await page.locator('.pane-survey-0 .pane-frame').boundingBox())!;
    await page.mouse.move(pane0.x + pane0.width * 0.4, pane0.y + pane0.height * 0.5);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => new Set(await zooms()).size).toBe(1);
    expect(Number((await zooms())[0])).toBeGreaterThan(1);
    const pane2 = (await page.locator('.pane-survey-2 .pane-frame').boundingBox())!;
    const before = await inlineStyle(canvases[2], 'transform');
    await page.mouse.move(pane2.x + pane2.width / 2, pane2.y + pane2.height / 2);
    await page.mouse.down();
    await page.mouse.move(pane2.x + pane2.width / 2 + 50, pane2.y + pane2.height / 2 + 30, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => inlineStyle(canvases[2], 'transform')).not.toBe(before);
    // Same relative view in every pane: the same image point sits at each pane's centre.
    const centres = await Promise.all([0, 1, 2].map(async (i) => {
      const frameBox = (await page.locator(`.pane-survey-${i} .pane-frame`).boundingBox())!;
      const img = (await canvases[i].boundingBox())!;
      return [((frameBox.x + frameBox.width / 2) - img.x) / img.width, ((frameBox.y + frameBox.height / 2) - img.y) / img.height];
    }));
    for (const c of centres.slice(1)) {
      expect(c[0]).toBeCloseTo(centres[0][0], 2);
      expect(c[1]).toBeCloseTo(centres[0][1], 2);
    }
    await page.keyboard.press('f');
    await see.count(page.getByTestId('focus-overlay'), 3);
    await see.visible(page.getByTestId('focus-legend'));
    await clearToasts(page);
    await page.screenshot({ path: path.join(screenshotDir, 'n-up.png') });
    await page.keyboard.press('f');
    await page.keyboard.press('Escape');
    expect(app!.errors).toEqual([]);
  });

  it('copies the picked RAW+JPEG pair with its sidecar, never moving, skipping or renaming on collisions', async () => {
    const { page } = app!;
    await markAndWriteSidecars(page, 'IMG_1234.JPG', 'keep');
    const sources = ['IMG_1234.JPG', 'IMG_1234.NEF', 'IMG_1234.xmp'].map((n) => path.join(photoDir, n));
    for (const s of sources) expect(fs.existsSync(s), s).toBe(true);
    const sums = new Map(sources.map((s) => [path.basename(s), sha256File(s)]));

    await page.keyboard.press('Alt+2');
    const dest = suite.scratch('crisp-e2e-editor-');
    const copyOnce = async (collision: 'skip' | 'rename') => {
      await page.getByRole('button', { name: 'Copy keepers…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Copy keepers to a folder' });
      await dialog.getByLabel('Folder').fill(dest);
      await dialog.getByRole('radio', { name: collision === 'skip' ? /Skip it/ : /name \(2\)/ }).check();
      await dialog.getByRole('button', { name: 'Copy keepers' }).click();
      const report = (await dialog.getByTestId('copy-report').textContent())!;
      await dialog.getByRole('button', { name: 'Close' }).click();
      return report;
    };
    expect(await copyOnce('skip')).toBe('Copied 3 files.');
    expect(fs.readdirSync(dest).sort()).toEqual(['IMG_1234.JPG', 'IMG_1234.NEF', 'IMG_1234.xmp']);
    for (const [name, sum] of sums) expect(sha256File(path.join(dest, name)), name).toBe(sum);
    for (const s of sources) expect(fs.existsSync(s), s).toBe(true);
    expect(await copyOnce('skip')).toBe('Copied 0 files, skipped 3 files already there.');
    expect(await copyOnce('rename')).toBe('Copied 3 files, 3 files under a new name.');
    expect(fs.readdirSync(dest).sort()).toEqual(['IMG_1234 (2).JPG', 'IMG_1234 (2).NEF', 'IMG_1234 (2).xmp', 'IMG_1234.JPG', 'IMG_1234.NEF', 'IMG_1234.xmp']);
    expect(sha256File(path.join(dest, 'IMG_1234 (2).NEF'))).toBe(sums.get('IMG_1234.NEF'));
    expect(app!.errors).toEqual([]);
  });

  it('moves nothing on Enter×4 from the grid, takes the sidecar to the trash with its photo, and brings it back on restore', async () => {
    const { page } = app!;
    await page.getByRole('button', { name: 'Flagged' }).click();
    await markAndWriteSidecars(page, 'coffee-defocus.jpg', 'trash');
    const photo = path.join(photoDir, 'coffee-defocus.jpg');
    const sidecar = path.join(photoDir, 'coffee-defocus.xmp');
    expect(fs.existsSync(sidecar)).toBe(true);
    const sums = [sha256File(photo), sha256File(sidecar)];

    await page.keyboard.press('Alt+2');
    await see.visible(page.getByRole('listbox'));
    for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
    for (let i = 0; i < 4; i++) await page.keyboard.press(' ');
    expect(fs.existsSync(photo)).toBe(true);
    expect(app!.bridge.app.trash.recent()).toEqual([]);

    await page.keyboard.press('Escape');
    await page.keyboard.press('t');
    await see.text(page.getByTestId('trash-summary'), /^1 photo · /);
    await page.getByRole('button', { name: /^Move 1 photo to Trash/ }).click();
    await page.getByRole('dialog', { name: 'Move 1 photo to the Trash?' }).getByRole('button', { name: /^Move 1 photo to Trash/ }).click();
    await see.contains(page.getByTestId('move-report'), '1 photo moved to the Trash.');
    expect(fs.existsSync(photo)).toBe(false);
    expect(fs.existsSync(sidecar)).toBe(false);

    // Writing sidecars again writes none beside the trashed photo.
    await page.keyboard.press('Alt+5');
    await page.getByRole('button', { name: 'Write XMP sidecars' }).click();
    await see.text(page.getByTestId('sidecar-report'), /^Wrote \d+ sidecars\.$/);
    expect(fs.existsSync(sidecar)).toBe(false);
    expect(fs.readdirSync(photoDir).filter((f) => f.startsWith('coffee-defocus'))).toEqual([]);

    await page.getByRole('link', { name: /Recently trashed/ }).click();
    await see.contains(page.getByTestId('recent-subtitle'), `the bridge's trash folder ${path.join(app!.dataDir, 'Trash')}`);
    await page.getByRole('button', { name: 'Restore coffee-defocus.jpg' }).click();
    await see.visible(page.locator('tr', { hasText: 'coffee-defocus.jpg' }).getByText('Restored'));
    expect([sha256File(photo), sha256File(sidecar)]).toEqual(sums);
    expect(app!.errors).toEqual([]);
  });

  it('says in sentences what went wrong, keeps errors until dismissed, and says when a library is added again', async () => {
    const { page } = app!;
    await page.keyboard.press('Alt+1');
    await clearToasts(page);
    await page.getByLabel('Folder path').fill('/nowhere/photos');
    await page.getByRole('button', { name: 'Add path' }).click();
    const error = page.getByRole('alert').filter({ hasText: 'There is no folder at /nowhere/photos.' });
    await see.visible(error);
    expect(await error.textContent()).not.toMatch(/libraries:add|DIR_NOT_FOUND/);
    await page.getByLabel('Folder path').fill(photoDir);
    await page.getByRole('button', { name: 'Add path' }).click();
    const again = page.getByRole('status').filter({ hasText: 'is already in your libraries' });
    await see.visible(again);
    // The notice leaves on its own; the error stays until dismissed.
    await again.waitFor({ state: 'detached', timeout: 10_000 });
    await see.visible(error);
    await error.getByRole('button', { name: 'Dismiss notification' }).click();
    await see.count(page.getByRole('alert'), 0);
    expect(app!.errors).toEqual([]);
  });
});
