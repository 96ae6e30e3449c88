import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closeExiftool, exiftool } from '../../src/main/formats/exiftool-process.ts';
import { fixtureDir, writeDefocused } from '../helpers/photo-factory.ts';
import { addAndScan, cellNamed, libraryCard } from './app-steps.ts';
import { chromiumSuite, openApp, screenshotDir, writeBurstLibrary, type AppUnderTest } from './e2e-harness.ts';
import { see } from './locator-assertions.ts';
import { clearToasts, inlineStyle } from './page-probes.ts';

let app: AppUnderTest | undefined;
const suite = chromiumSuite(async () => {
  await app?.close();
  await closeExiftool();
});

const rawFixture = (name: string) => path.join(fixtureDir, '../raw', name);

function sidecar(attrs: string): string {
  return `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`
    + `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" ${attrs}/></rdf:RDF></x:xmpmeta>\n`;
}

/** Where the chelsea burst's camera focused, as a fraction of the 451x300 frame (EXIF SubjectArea is the centre of the area). */
const chelseaAf = { x: 135 / 451, y: 105 / 300 };

/**
 * The burst library with an AF point in the chelsea burst, plus a RAW+JPEG pair (a blurred JPEG beside a NEF; a CR2 is the DNG's camera and would join its burst), a lone DNG whose maker
 * notes carry an AF point and whose embedded 2560x1920 preview is what gets judged, and sidecars
 * another tool left: one photo rejected with a red label, one rated three stars.
 */
async function writeReviewToolsLibrary(dir: string): Promise<number> {
  const photos = await writeBurstLibrary(dir);
  for (const name of ['chelsea-sharp.jpg', 'chelsea-defocus.jpg']) {
    // sharp can't write SubjectArea; exiftool (which the engine reads with) can.
    await exiftool().write(path.join(dir, name), { SubjectArea: '135 105', ExifImageWidth: 451, ExifImageHeight: 300 } as never, ['-overwrite_original']);
  }
  await writeDefocused(path.join(fixtureDir, 'coffee.png'), path.join(dir, 'IMG_1234.JPG'), 10);
  fs.copyFileSync(rawFixture('nef-large-preview.nef'), path.join(dir, 'IMG_1234.NEF'));
  const dng = path.join(dir, 'IMG_2000.dng');
  fs.copyFileSync(rawFixture('dng-large-preview.dng'), dng);
  // A RAW shot out of focus: its embedded preview, which is what gets judged, defocused.
  const scratch = suite.scratch('crisp-e2e-dng-preview-');
  await exiftool().extractPreview(dng, path.join(scratch, 'sharp.jpg'));
  await writeDefocused(path.join(scratch, 'sharp.jpg'), path.join(scratch, 'defocused.jpg'), 12);
  await exiftool().write(dng, {}, [`-PreviewImage<=${path.join(scratch, 'defocused.jpg')}`, '-overwrite_original']);
  fs.writeFileSync(path.join(dir, 'chelsea-defocus.xmp'), sidecar('xmp:Rating="-1" xmp:Label="Red"'));
  fs.writeFileSync(path.join(dir, 'astronaut-motion.jpg.xmp'), sidecar('xmp:Rating="3"'));
  return photos.length + 3;
}

async function downloadText(page: Page, trigger: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), trigger()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file!, 'utf8') };
}

/** Centre of an element's on-screen box. */
async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const b = (await page.locator(selector).boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

describe('review tools in Chromium against the real engine', () => {
  it('shows sidecar ratings and RAW pairs, keeps the sharpest of each burst, exports, marks the AF point, writes sidecars from settings', async () => {
    const photoDir = suite.scratch('crisp-e2e-tools-');
    const count = await writeReviewToolsLibrary(photoDir);
    app = await openApp(suite.browser(), { dataDir: suite.scratch('crisp-e2e-data-') });
    const { page } = app;
    await addAndScan(page, photoDir, count);
    await clearToasts(page);
    await libraryCard(page, photoDir).getByRole('button', { name: /^Review/ }).click();
    await see.visible(page.getByRole('listbox'));

    // Grid: what the sidecars said, and the pair shown once with its RAW as a badge.
    const rejected = cellNamed(page, 'chelsea-defocus.jpg');
    await see.text(rejected.getByTestId('sidecar-rating'), 'Rejected');
    await see.text(rejected.getByTestId('sidecar-label'), 'Red');
    expect(await rejected.getAttribute('aria-label')).toContain('rejected in sidecar, label Red');
    await see.text(cellNamed(page, 'astronaut-motion.jpg').getByTestId('sidecar-rating'), '★★★');
    await see.text(cellNamed(page, 'IMG_1234.JPG').getByTestId('companion-badge'), '+NEF');
    await see.count(cellNamed(page, 'IMG_1234.NEF'), 0);
    const flagged = Number((await page.getByTestId('review-total').textContent())!.replace(/\D/g, ''));

    // B: the keep-sharpest preview, one row per burst, the sharp frame kept; Ctrl+Enter applies; Ctrl+Z undoes all of it.
    await page.keyboard.press('b');
    const dialog = page.getByRole('dialog', { name: 'Keep the sharpest of each burst' });
    await see.visible(dialog);
    await see.contains(dialog.getByTestId('keep-sharpest-summary'), 'of 3 bursts and proposes 6 other photos for trash');
    await see.count(dialog.locator('.burst-plan-row'), 3);
    const kept = await dialog.locator('[data-role=keep] .plan-name').allTextContents();
    expect(kept.sort()).toEqual(['astronaut-sharp.jpg', 'chelsea-sharp.jpg', 'coffee-sharp.jpg']);
    await see.count(dialog.locator('[data-role=mark]'), 6);
    await expect.poll(() => dialog.locator('img').evaluateAll((imgs: any[]) => imgs.every((i) => i.complete && i.naturalWidth > 0)), { timeout: 20_000 }).toBe(true);
    await page.keyboard.press('Control+Enter');
    await see.count(page.getByRole('dialog'), 0);
    const trashButton = page.getByRole('button', { name: /^Trash review/ });
    await see.text(trashButton, 'Trash review (6)');
    await see.contains(page.getByTestId('last-action'), 'Marked 6 photos for trash');
    await see.visible(rejected.locator('[data-decision=trash]'));
    await page.keyboard.press('Control+z');
    await see.text(trashButton, 'Trash review');
    await see.contains(page.getByTestId('last-action'), 'Undone');
    await see.count(page.locator('[role=option] [data-decision]'), 0);

    // Compare the chelsea burst: the AF point in both panes, on the same image point at fit and zoomed, same size on screen.
    await rejected.click();
    await page.keyboard.press('Space');
    await see.text(page.locator('.pane-keeper .pane-name'), 'chelsea-sharp.jpg');
    for (const pane of ['candidate', 'keeper']) {
      await expect.poll(() => inlineStyle(page.getByTestId(`pane-canvas-${pane}`), 'visibility'), { timeout: 20_000 }).toBe('visible');
    }
    const offImagePoint = async (pane: string) => {
      const img = (await page.getByTestId(`pane-canvas-${pane}`).boundingBox())!;
      const m = await centre(page, `.pane-${pane} [data-testid=af-point] .af-bracket`);
      return Math.hypot(m.x - (img.x + chelseaAf.x * img.width), m.y - (img.y + chelseaAf.y * img.height));
    };
    await expect.poll(() => offImagePoint('candidate'), { timeout: 20_000 }).toBeLessThan(1.5);
    await expect.poll(() => offImagePoint('keeper'), { timeout: 20_000 }).toBeLessThan(1.5);
    const marker = '.pane-candidate [data-testid=af-point] .af-bracket';
    const before = await centre(page, marker);
    const frame = (await page.locator('.pane-candidate .pane-frame').boundingBox())!;
    await page.mouse.move(frame.x + frame.width * 0.7, frame.y + frame.height * 0.6);
    await page.mouse.wheel(0, -500);
    await expect.poll(async () => Math.round((await centre(page, marker)).x), { timeout: 20_000 }).not.toBe(Math.round(before.x));
    await expect.poll(() => offImagePoint('candidate'), { timeout: 20_000 }).toBeLessThan(1.5);
    await expect.poll(() => offImagePoint('keeper'), { timeout: 20_000 }).toBeLessThan(1.5);
    expect((await page.locator(marker).boundingBox())!.width).toBe(36);
    await page.keyboard.press('Escape');

    // Export: the flagged list as a real download, CSV and JSON.
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const csv = await downloadText(page, () => page.getByRole('menuitem', { name: /CSV/ }).click());
    expect(csv.name).toMatch(/^crisp-flagged-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('path,blur_score,verdict,blur_type,burst_id,decision,rating,label');
    expect(lines).toHaveLength(flagged + 1);
    expect(lines.some((l) => l.startsWith(`${path.join(photoDir, 'chelsea-defocus.jpg')},`))).toBe(true);
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const json = await downloadText(page, () => page.getByRole('menuitem', { name: /JSON/ }).click());
    const rows = JSON.parse(json.text) as { path: string; blurScore: number; verdict: string }[];
    expect(rows).toHaveLength(flagged);
    for (const r of rows) expect(r).toMatchObject({ path: expect.stringContaining(photoDir), verdict: "blurry", blurScore: expect.any(Number) });

    // Settings (Alt+5): threshold, sidecar naming, keep label; saved in the engine.
    await page.keyboard.press('Alt+5');
    await see.visible(page.getByRole('heading', { name: 'Settings', exact: true }));
    await see.contains(page.getByTestId('level-note'), 'Applies to new scans');
    await page.getByLabel('Blur threshold').fill('0.01');
    await page.getByLabel('Blur threshold').press('Enter');
    await page.getByRole('radio', { name: /Append to the file name/ }).check();
    await page.getByLabel('Label for kept photos').fill('Green');
    await page.getByLabel('Label for kept photos').press('Tab');
    await page.getByLabel('Burst window').fill('0');
    await page.getByLabel('Burst window').press('Enter');
    await see.text(page.getByRole('alert').filter({ hasText: 'burst window' }), 'The burst window must be between 0.1 and 60.');
    await page.getByLabel('Burst window').press('Escape');
    await expect.poll(() => app!.bridge.app.settings.get(), { timeout: 20_000 })
      .toMatchObject({ threshold: 0.01, sidecarConvention: 'append-extension', keepLabel: 'Green', burstSeconds: expect.any(Number) });
    expect(app.bridge.app.settings.get().burstSeconds).toBeGreaterThan(0);

    // Compare the DNG (its preview is out of focus): its AF point and the preview it was judged by.
    await page.keyboard.press('Alt+2');
    const dng = cellNamed(page, 'IMG_2000.dng');
    await see.visible(dng);
    // The RAW's thumbnail comes from its embedded preview and really displays.
    await expect.poll(() => dng.locator('img').evaluate((i: any) => i.complete && i.naturalWidth > 0), { timeout: 20_000 }).toBe(true);
    await dng.click();
    await page.keyboard.press('Space');
    await see.text(page.locator('.pane-candidate [data-testid=source-line]'), 'RAW preview 2560×1920 (PreviewImage)');
    await see.visible(page.locator('.pane-candidate [data-testid=af-point] .af-bracket'));
    await page.keyboard.press('Escape');

    // The pair in compare: the JPEG, with its RAW named; K keeps both files.
    await cellNamed(page, 'IMG_1234.JPG').click();
    await page.keyboard.press('Space');
    await see.text(page.locator('.pane-candidate .pane-name'), 'IMG_1234.JPG');
    await see.text(page.locator('.pane-candidate [data-testid=companion-badge]'), '+NEF');
    await page.keyboard.press('Escape');
    await cellNamed(page, 'IMG_1234.JPG').click();
    await page.keyboard.press('k');
    await see.visible(cellNamed(page, 'IMG_1234.JPG').locator('[data-decision=keep]'));
    await cellNamed(page, 'coffee-defocus.jpg').click();
    await page.keyboard.press('x');
    await see.visible(cellNamed(page, 'coffee-defocus.jpg').locator('[data-decision=trash]'));

    // Write XMP sidecars from settings; read them back.
    await page.keyboard.press('Alt+5');
    await page.getByRole('button', { name: 'Write XMP sidecars' }).click();
    await see.text(page.getByTestId('sidecar-report'), 'Wrote 3 sidecars.');
    const trashed = fs.readFileSync(path.join(photoDir, 'coffee-defocus.jpg.xmp'), 'utf8');
    expect(trashed).toMatch(/xmp:Rating="-1"|<xmp:Rating>-1<\/xmp:Rating>/);
    for (const name of ['IMG_1234.JPG', 'IMG_1234.NEF']) {
      const keptSidecar = fs.readFileSync(path.join(photoDir, `${name}.xmp`), 'utf8');
      expect(keptSidecar, name).toMatch(/xmp:Label="Green"|<xmp:Label>Green<\/xmp:Label>/);
      expect(keptSidecar, name).toContain('crisp:Decision="keep"');
    }
    expect(fs.existsSync(path.join(photoDir, 'coffee-defocus.xmp'))).toBe(false);
    await clearToasts(page);
    await page.screenshot({ path: path.join(screenshotDir, 'settings.png') });

    expect(app.errors).toEqual([]);
  });
});
