import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { addAndScan, libraryCard } from './app-steps.ts';
import { chromiumSuite, openApp, type AppUnderTest } from './e2e-harness.ts';
import { see } from './locator-assertions.ts';

let app: AppUnderTest | undefined;

const suite = chromiumSuite(async () => app?.close());

describe('watching a library from the app', () => {
  it('picks up photos copied in while it runs and shows the backlog draining', async () => {
    const photoDir = tempDir('crisp-e2e-watch-');
    await writeSharpSet(photoDir, ['chelsea.png']);
    app = await openApp(suite.browser(), { dataDir: tempDir('crisp-e2e-data-') });
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
