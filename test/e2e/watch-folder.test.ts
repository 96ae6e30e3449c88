import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { addAndScan, libraryCard } from './app-steps.ts';
import { ensureRendererBuilt, launchBrowser, openApp, type AppUnderTest } from './e2e-harness.ts';
import { see } from './locator-assertions.ts';

let browser: Browser;
let app: AppUnderTest | undefined;

beforeAll(async () => {
  ensureRendererBuilt();
  browser = await launchBrowser();
});

afterAll(async () => {
  await app?.close();
  await browser?.close();
});

describe('watching a library from the app', () => {
  it('picks up photos copied in while it runs and shows the backlog draining', async () => {
    const photoDir = tempDir('crisp-e2e-watch-');
    await writeSharpSet(photoDir, ['chelsea.png']);
    app = await openApp(browser, { dataDir: tempDir('crisp-e2e-data-') });
    const { page } = app;
    await addAndScan(page, photoDir, 1);
    const card = libraryCard(page, photoDir);
    await card.getByText('Watch for new photos').click();
    await see.text(card.getByTestId('watch-status'), 'Watching — up to date');

    const staging = tempDir('crisp-e2e-card-');
    const copied = await writeSharpSet(staging, ['coffee.png', 'rocket.jpg', 'astronaut.png']);
    for (const f of copied) fs.copyFileSync(f, path.join(photoDir, path.basename(f)));
    await see.text(card.getByTestId('photo-count'), '4');
    await see.text(card.getByTestId('watch-status'), 'Watching — up to date');
  });
});
