import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fixtureDir, fixturePhotos } from '../helpers/photo-factory.ts';
import { libraryCard } from './app-steps.ts';
import { chromiumSuite, openApp, type AppUnderTest } from './e2e-harness.ts';
import { see } from './locator-assertions.ts';

let app: AppUnderTest | undefined;

const suite = chromiumSuite(async () => app?.close());

/** `n` distinct photos: crops of the fixtures at different offsets, so none shares a fingerprint. */
async function writeManyPhotos(dir: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const src = path.join(fixtureDir, fixturePhotos[i % fixturePhotos.length]);
    const meta = await sharp(src).metadata();
    const k = Math.floor(i / fixturePhotos.length);
    const width = meta.width! - 8 - k * 3;
    const height = meta.height! - 8 - k * 2;
    await sharp(src).extract({ left: k % 8, top: (k * 3) % 8, width, height }).jpeg({ quality: 90 }).toFile(path.join(dir, `frame-${String(i).padStart(3, '0')}.jpg`));
  }
}

const scored = async (page: Page, dir: string) => Number(await libraryCard(page, dir).getByRole('progressbar', { name: 'Scan progress' }).getAttribute('aria-valuenow'));

describe('scan controls in Chromium against the real engine', () => {
  it('pauses, resumes and cancels a running scan', async () => {
    const photoDir = suite.scratch('crisp-e2e-many-');
    const total = 60;
    await writeManyPhotos(photoDir, total);
    app = await openApp(suite.browser(), { dataDir: suite.scratch('crisp-e2e-data-') });
    const { page } = app;

    await page.getByLabel('Folder path').fill(photoDir);
    await page.getByRole('button', { name: 'Add path' }).click();
    const card = libraryCard(page, photoDir);
    // Pause as soon as the scan shows its controls.
    await card.getByRole('button', { name: 'Pause' }).click({ timeout: 20_000 });
    await see.visible(card.getByText('Paused', { exact: true }));
    await see.visible(card.getByRole('button', { name: 'Resume' }));
    await see.hasClass(card.locator('.progress-track'), 'paused');
    // Photos already handed to the scorer may still land; after that, nothing moves.
    await page.waitForTimeout(1500);
    const held = await scored(page, photoDir);
    await page.waitForTimeout(1500);
    expect(await scored(page, photoDir)).toBe(held);
    expect(held).toBeLessThan(total);

    await card.getByRole('button', { name: 'Resume' }).click();
    await see.count(card.getByText('Paused', { exact: true }), 0);
    await expect.poll(() => scored(page, photoDir), { timeout: 30_000 }).toBeGreaterThan(held);

    // Pause again so the cancel lands before the scan could finish on its own.
    await card.getByRole('button', { name: 'Pause' }).click();
    await see.visible(card.getByText('Paused', { exact: true }));
    await card.getByRole('button', { name: 'Cancel scan' }).click();
    await see.text(card.locator('.scan-count'), /^Cancelled · \d+ \/ 60 scored$/);
    const cancelledAt = await scored(page, photoDir);
    expect(cancelledAt).toBeLessThan(total);
    await see.visible(card.getByRole('button', { name: /^(Re)?[sS]can$/ }));
    await see.count(card.getByRole('button', { name: 'Cancel scan' }), 0);

    // Scanning again finishes the job.
    await card.getByRole('button', { name: /^(Re)?[sS]can$/ }).click();
    await card.getByText('Scan complete').waitFor({ timeout: 90_000 });
    await see.text(card.getByTestId('photo-count'), String(total));
    expect(app.errors).toEqual([]);
  });
});
