import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { fixtureDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { addAndScan, libraryCard } from './app-steps.ts';
import { chromiumSuite, openApp, type AppUnderTest } from './e2e-harness.ts';
import { see } from './locator-assertions.ts';

let app: AppUnderTest | undefined;
const suite = chromiumSuite(async () => app?.close());

describe('photos Crisp could not judge', () => {
  it('are counted on the library and listed with their reasons', async () => {
    const photoDir = suite.scratch('crisp-e2e-problems-');
    const [coffee] = await writeSharpSet(photoDir, ['coffee.png', 'chelsea.png']);
    const jpeg = fs.readFileSync(coffee);
    fs.writeFileSync(path.join(photoDir, 'cut-short.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    fs.copyFileSync(path.join(fixtureDir, '../raw/exiftool-fujifilm.raf'), path.join(photoDir, 'DSCF0001.RAF'));
    app = await openApp(suite.browser(), { dataDir: suite.scratch('crisp-e2e-data-') });
    const { page } = app;
    await addAndScan(page, photoDir, 4);
    const card = libraryCard(page, photoDir);
    await see.text(card.getByTestId('problem-count'), '2 photos could not be judged');
    await card.getByTestId('problem-count').click();
    const list = page.getByTestId('problem-list');
    await see.visible(list.getByText('cut-short.jpg'));
    await see.visible(list.getByText(/^image data is truncated or corrupt/));
    await see.visible(list.getByText(/^preview too small: the largest embedded preview .* is 160x120, under the 2048 px analysis scale$/));
  });
});
