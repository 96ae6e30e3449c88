import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Adds a folder by path and waits for its scan to finish with `expectedPhotos` indexed. */
export async function addAndScan(page: Page, photoDir: string, expectedPhotos: number): Promise<void> {
  await page.getByLabel('Folder path').fill(photoDir);
  await page.getByRole('button', { name: 'Add path' }).click();
  const card = libraryCard(page, photoDir);
  await card.getByText('Scan complete').waitFor({ timeout: 90_000 });
  await expect.poll(() => card.getByTestId('photo-count').textContent(), { timeout: 20_000 }).toBe(String(expectedPhotos));
}

export function libraryCard(page: Page, photoDir: string) {
  return page.getByRole('listitem', { name: `Library ${path.basename(photoDir)}` });
}

export function cell(page: Page, index: number) {
  return page.locator(`#photo-cell-${index}`);
}

/** The grid cell showing a file (the grid is virtualised: only cells near the view exist). */
export function cellNamed(page: Page, fileName: string) {
  return page.locator('[role=option]', { has: page.locator('.cell-caption', { hasText: new RegExp(`^${fileName.replace(/[.]/g, '\\.')}$`) }) });
}
