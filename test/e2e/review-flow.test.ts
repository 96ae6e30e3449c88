import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256File } from '../helpers/photo-factory.ts';
import { addAndScan, cell } from './app-steps.ts';
import { chromiumSuite, openApp, screenshotDir, writeBurstLibrary, type AppUnderTest } from './e2e-harness.ts';
import { see } from './locator-assertions.ts';
import { activeIndex, clearToasts, inlineStyle, recordScanLabels, scanLabels } from './page-probes.ts';

const suite = chromiumSuite();

/**
 * Two panes show the same view: the same scale and the same image point at the frame's centre. Their frames
 * can differ by a pixel in height (an EXIF hint line under one of them), which moves the centring translate
 * by half a pixel.
 */
function sameView(a: string | null, b: string | null): boolean {
  const parse = (t: string | null) => (t ?? '').match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
  const [ax, ay, as] = parse(a);
  const [bx, by, bs] = parse(b);
  return as === bs && Math.abs(ax - bx) <= 1 && Math.abs(ay - by) <= 1;
}

function expectSameView(a: string | null, b: string | null): void {
  expect(sameView(a, b), `${a} vs ${b}`).toBe(true);
}

describe('review flow in Chromium against the real engine', () => {
  let app: AppUnderTest | undefined;

  afterAll(async () => {
    await app?.close();
  });

  it('adds a library, scans, reviews, compares, decides, trashes for real and restores byte-identical', async () => {
    const photoDir = suite.scratch('crisp-e2e-photos-');
    const photos = await writeBurstLibrary(photoDir);
    const hashes = new Map(photos.map((p) => [p.path, sha256File(p.path)]));
    app = await openApp(suite.browser(), { dataDir: suite.scratch('crisp-e2e-data-'), beforeGoto: recordScanLabels });
    const { page } = app;

    // Libraries: add by path, scan with progress.
    await see.visible(page.getByRole('heading', { name: 'Libraries', exact: true }));
    await addAndScan(page, photoDir, photos.length);
    const card = page.getByRole('listitem', { name: `Library ${path.basename(photoDir)}` });
    const bar = card.getByRole('progressbar', { name: 'Scan progress' });
    expect(await bar.getAttribute('aria-valuenow')).toBe(String(photos.length));
    expect(await bar.getAttribute('aria-valuemax')).toBe(String(photos.length));
    await see.text(card.locator('.scan-rate'), /photos\/s$/);
    await see.text(card.locator('.badge-provider'), /^(CPU|CUDA|DirectML|Core ML|TensorRT|[A-Z]+)$/);
    const seen = await scanLabels(page);
    expect(seen.some((l) => /Finding photos|^\d+ \/ \d+ scored$/.test(l)), seen.join(' | ')).toBe(true);
    expect(seen[seen.length - 1]).toBe(`Scan complete · ${photos.length} / ${photos.length} scored`);
    const flagged = Number(await card.getByTestId('flagged-count').textContent());
    expect(flagged).toBeGreaterThanOrEqual(4);
    await clearToasts(page);
    await page.screenshot({ path: path.join(screenshotDir, 'libraries.png') });

    // Review grid, blurriest first, with the histogram.
    await card.getByRole('button', { name: /^Review/ }).click();
    await see.text(page.getByTestId('review-total'), `${flagged} flagged`);
    await see.count(page.locator('[role=option]'), flagged);
    const scores = await page.locator('[role=option]').evaluateAll((els: any[]) => els.map((e) => Number(/blur ([\d.]+)/.exec(e.getAttribute('aria-label'))![1])));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const names = await page.locator('.cell-caption').allTextContents();
    for (const n of names) expect(n).toMatch(/-(defocus|motion)\.jpg$/);

    // Drag the threshold: the live count follows the handle, the grid follows on release.
    const count = () => page.getByTestId('flagged-at-threshold').textContent().then(Number);
    const original = await page.getByTestId('threshold-value').textContent();
    expect(await count()).toBe(flagged);
    const track = (await page.getByTestId('histogram-track').boundingBox())!;
    const handle = (await page.getByRole('slider', { name: 'Blur threshold' }).boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, track.y + track.height / 2);
    await page.mouse.down();
    await page.mouse.move(track.x + 2, track.y + track.height / 2, { steps: 5 });
    await see.text(page.getByTestId('threshold-value'), '0.01');
    const loose = await count();
    expect(loose).toBeGreaterThan(flagged);
    await page.mouse.move(track.x + track.width - 2, track.y + track.height / 2, { steps: 8 });
    await see.text(page.getByTestId('threshold-value'), '0.99');
    // The grid shows scores to two decimals: "0.99" may sit on either side of the 0.99 handle.
    const strict = await count();
    expect(strict).toBeGreaterThanOrEqual(scores.filter((s) => s >= 1).length);
    expect(strict).toBeLessThanOrEqual(scores.filter((s) => s >= 0.99).length);
    await page.mouse.up();
    await see.text(page.getByTestId('review-total'), `${strict} flagged`);
    // Back to the original threshold with the keyboard (the slider is a real one).
    const slider = page.getByRole('slider', { name: 'Blur threshold' });
    await slider.focus();
    await page.keyboard.press('Home');
    for (let t = 1; t < Math.round(Number(original) * 100); t++) await page.keyboard.press('ArrowRight');
    await see.text(page.getByTestId('threshold-value'), original!);
    await see.text(page.getByTestId('review-total'), `${flagged} flagged`);
    await see.count(page.locator('[role=option]'), flagged);
    await cell(page, 0).click();
    expect(await activeIndex(page)).toBe(0);
    await clearToasts(page);
    await page.screenshot({ path: path.join(screenshotDir, 'review-grid.png') });

    // Compare: flagged shot beside the sharpest of its burst; zoom and pan stay in sync.
    await page.keyboard.press('Space');
    const left = page.getByTestId('pane-canvas-candidate');
    const right = page.getByTestId('pane-canvas-keeper');
    await expect.poll(() => inlineStyle(left, 'visibility'), { timeout: 20_000 }).toBe('visible');
    await expect.poll(() => inlineStyle(right, 'visibility'), { timeout: 20_000 }).toBe('visible');
    const first = names[0];
    await see.text(page.locator('.pane-keeper .pane-name'), first.replace(/-(defocus|motion)\.jpg$/, '-sharp.jpg'));
    await see.text(page.locator('.pane-keeper .pane-kind'), 'Sharpest in burst');
    const fitTransform = await inlineStyle(left, 'transform');
    expectSameView(await inlineStyle(right, 'transform'), fitTransform);

    const frame = (await page.locator('.pane-candidate .pane-frame').boundingBox())!;
    await page.mouse.move(frame.x + frame.width * 0.3, frame.y + frame.height * 0.4);
    await page.mouse.wheel(0, -400);
    await expect.poll(() => inlineStyle(left, 'transform'), { timeout: 20_000 }).not.toBe(fitTransform);
    const zoomed = await inlineStyle(left, 'transform');
    await expect.poll(async () => sameView(await inlineStyle(right, 'transform'), zoomed), { timeout: 20_000 }).toBe(true);
    // Pan by dragging the keeper pane; the flagged pane follows.
    const keeperFrame = (await page.locator('.pane-keeper .pane-frame').boundingBox())!;
    await page.mouse.move(keeperFrame.x + keeperFrame.width / 2, keeperFrame.y + keeperFrame.height / 2);
    await page.mouse.down();
    await page.mouse.move(keeperFrame.x + keeperFrame.width / 2 + 60, keeperFrame.y + keeperFrame.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => inlineStyle(right, 'transform'), { timeout: 20_000 }).not.toBe(zoomed);
    expectSameView(await inlineStyle(left, 'transform'), await inlineStyle(right, 'transform'));
    // Z: one image pixel per screen pixel at the cursor, in both panes; Z again: fit.
    await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
    await page.keyboard.press('z');
    await see.text(page.locator('.pane-candidate .zoom-readout'), '100%');
    await see.text(page.locator('.pane-keeper .zoom-readout'), '100%');
    expectSameView(await inlineStyle(left, 'transform'), await inlineStyle(right, 'transform'));

    // EXIF line, and the shake hint on a slow hand-held shot (the defocused shots were taken at 1/500 s).
    const step = async (from: number, to: number) => {
      for (let i = from; i !== to; i += Math.sign(to - from)) await page.keyboard.press(to > from ? 'ArrowRight' : 'ArrowLeft');
      await see.text(page.locator('.pane-candidate .pane-name'), names[to]);
    };
    const defocusIndex = names.findIndex((n) => n.endsWith('-defocus.jpg'));
    const motionIndex = names.findIndex((n) => n.endsWith('-motion.jpg'));
    await step(0, defocusIndex);
    await see.contains(page.locator('.pane-candidate [data-testid=exif-line]'), '1/500 s  ·  f/2.8  ·  ISO 400  ·  50 mm (75 mm eq.)');
    await see.notContains(page.locator('.pane-candidate [data-testid=exif-line]'), 'camera shake');
    await step(defocusIndex, motionIndex);
    await see.contains(page.locator('.pane-candidate [data-testid=exif-line]'), '1/15 s');
    await see.contains(page.locator('.pane-candidate [data-testid=exif-line]'), 'Slower than 1/75 s: possible camera shake');

    // L locks the keeper while the flagged pane steps on.
    const keeperName = await page.locator('.pane-keeper .pane-name').textContent();
    await page.keyboard.press('l');
    await see.hasClass(page.locator('.pane-keeper'), 'pinned');
    await page.keyboard.press('ArrowRight');
    await see.text(page.locator('.pane-candidate .pane-name'), names[motionIndex + 1]);
    await see.text(page.locator('.pane-keeper .pane-name'), keeperName!);
    await page.keyboard.press('l');
    await see.lacksClass(page.locator('.pane-keeper'), 'pinned');
    await see.text(page.locator('.pane-keeper .pane-name'), names[motionIndex + 1].replace(/-(defocus|motion)\.jpg$/, '-sharp.jpg'));

    // F: the focus map over both photos, with its legend; the saved default stays as it was.
    await page.keyboard.press('Home');
    await page.keyboard.press('f');
    await see.count(page.getByTestId('focus-overlay'), 2);
    await see.contains(page.getByTestId('focus-legend'), 'too flat to judge');
    expect(app.bridge.app.settings.get().focusOverlay).toBe(false);
    await clearToasts(page);
    await page.screenshot({ path: path.join(screenshotDir, 'compare.png') });
    await page.keyboard.press('f');
    await see.count(page.getByTestId('focus-overlay'), 0);

    // X / K / Ctrl+Z in the grid; the active item is always the predictable one.
    await page.keyboard.press('Space');
    await see.visible(page.getByRole('listbox'));
    expect(await activeIndex(page)).toBe(0);
    await page.keyboard.press('x');
    await see.visible(cell(page, 0).locator('[data-decision=trash]'));
    expect(await activeIndex(page)).toBe(1);
    await page.keyboard.press('k');
    await see.visible(cell(page, 1).locator('[data-decision=keep]'));
    expect(await activeIndex(page)).toBe(2);
    await page.keyboard.press('Control+z');
    await see.count(cell(page, 1).locator('[data-decision]'), 0);
    await expect.poll(() => activeIndex(page), { timeout: 20_000 }).toBe(1);
    await page.keyboard.press('x');
    await see.visible(cell(page, 1).locator('[data-decision=trash]'));
    await expect.poll(() => activeIndex(page), { timeout: 20_000 }).toBe(2);
    const doomed = [names[0], names[1]].map((n) => path.join(photoDir, n));

    // T: trash review. Plain Enter and Space never move anything; Ctrl+Enter opens the confirmation, whose default is Cancel.
    await page.keyboard.press('t');
    await see.visible(page.getByRole('heading', { name: 'Trash review', exact: true }));
    await see.text(page.getByTestId('trash-summary'), /^2 photos · [\d.]+ (KB|MB)$/);
    await see.count(page.locator('.trash-row'), 2);
    await clearToasts(page);
    await page.screenshot({ path: path.join(screenshotDir, 'trash-review.png') });
    for (const key of ['Enter', 'Space', 'Enter', 'Enter']) await page.keyboard.press(key);
    for (const file of doomed) expect(fs.existsSync(file), file).toBe(true);
    await see.count(page.locator('.trash-row'), 2);
    await page.keyboard.press('Control+Enter');
    const dialog = page.getByRole('dialog', { name: 'Move 2 photos to the Trash?' });
    await see.visible(dialog);
    await see.contains(dialog, "the bridge's trash folder");
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Cancel');
    await page.keyboard.press('Enter');
    await see.count(page.getByRole('dialog'), 0);
    for (const file of doomed) expect(fs.existsSync(file), file).toBe(true);
    await page.keyboard.press('Control+Enter');
    await see.visible(dialog);
    await page.keyboard.press('Control+Enter');
    await see.contains(page.getByTestId('move-report'), '2 photos moved to the Trash.');
    await see.visible(page.getByText('Nothing marked for trash'));

    // Really gone from the folder, really in the (private) freedesktop trash under dataDir.
    const trashFiles = path.join(app.dataDir, 'Trash', 'files');
    for (const file of doomed) {
      expect(fs.existsSync(file), file).toBe(false);
      const inTrash = path.join(trashFiles, path.basename(file));
      expect(fs.existsSync(inTrash), inTrash).toBe(true);
      expect(sha256File(inTrash)).toBe(hashes.get(file));
    }

    // Recently trashed → Restore → byte-identical file back in place.
    await page.getByRole('link', { name: /Recently trashed/ }).click();
    await see.count(page.locator('.recent-table tbody tr'), 2);
    const restored = doomed[0];
    await page.getByRole('button', { name: `Restore ${path.basename(restored)}` }).click();
    await see.visible(page.locator('tr', { hasText: path.basename(restored) }).getByText('Restored'));
    expect(fs.existsSync(restored)).toBe(true);
    expect(sha256File(restored)).toBe(hashes.get(restored));
    expect(fs.existsSync(doomed[1])).toBe(false);

    // Ctrl+Z undoes the move itself: the photo still in the trash comes back byte-identical too.
    await page.getByRole('link', { name: /^Review/ }).click();
    await see.visible(page.getByRole('listbox'));
    await page.keyboard.press('Control+z');
    await expect.poll(() => fs.existsSync(doomed[1]), { timeout: 20_000 }).toBe(true);
    expect(sha256File(doomed[1])).toBe(hashes.get(doomed[1]));

    expect(app.errors).toEqual([]);
  });

  it('keeps decisions across a restart of the app', async () => {
    const photoDir = suite.scratch('crisp-e2e-photos-');
    const photos = await writeBurstLibrary(photoDir);
    const dataDir = suite.scratch('crisp-e2e-data-');
    const first = await openApp(suite.browser(), { dataDir });
    try {
      await addAndScan(first.page, photoDir, photos.length);
      await first.page.getByRole('link', { name: /^Review/ }).click();
      await cell(first.page, 0).click();
      const name = await cell(first.page, 0).locator('.cell-caption').textContent();
      await first.page.keyboard.press('x');
      await see.visible(cell(first.page, 0).locator('[data-decision=trash]'));
      await see.contains(first.page.getByRole('link', { name: /Trash review/ }), '1');
      await first.close();

      app = await openApp(suite.browser(), { dataDir });
      await app.page.getByRole('link', { name: /^Review/ }).click();
      await see.text(cell(app.page, 0).locator('.cell-caption'), name!);
      await see.visible(cell(app.page, 0).locator('[data-decision=trash]'));
      await app.page.keyboard.press('t');
      await see.text(app.page.getByTestId('trash-summary'), /^1 photo · /);
      expect(app.errors).toEqual([]);
    } finally {
      await first.close().catch(() => {});
    }
  });
});
