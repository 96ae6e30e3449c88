import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelCard } from '../../src/main/scoring/model-card.ts';
import { modelInfo } from '../../src/main/scoring/model-info.ts';
import { describeRates } from '../../src/shared/threshold-meaning.ts';
import { fixtureDir, writeDefocused, writeSharpSet } from '../helpers/photo-factory.ts';
import { addAndScan, libraryCard } from './app-steps.ts';
import { chromiumSuite, openApp, screenshotDir, type AppUnderTest } from './e2e-harness.ts';
import { see } from './locator-assertions.ts';
import { clearToasts } from './page-probes.ts';

let app: AppUnderTest | undefined;
const suite = chromiumSuite(async () => app?.close());

describe('sensitivity presets in Chromium against the real engine', () => {
  it('offers relaxed / standard / strict with their measured rates, and Review says what the threshold catches and keeps', async () => {
    const { card } = loadModelCard();
    const presets = modelInfo(card).presets;
    const photoDir = suite.scratch('crisp-e2e-sensitivity-');
    await writeSharpSet(photoDir, ['chelsea.png', 'coffee.png']);
    await writeDefocused(path.join(fixtureDir, 'rocket.jpg'), path.join(photoDir, 'rocket-defocus.jpg'), 12);
    app = await openApp(suite.browser(), { dataDir: suite.scratch('crisp-e2e-data-') });
    const { page } = app;
    await addAndScan(page, photoDir, 3);
    await clearToasts(page);

    await page.keyboard.press('Alt+5');
    await see.visible(page.getByRole('heading', { name: 'Settings', exact: true }));
    for (const p of presets) await see.text(page.getByTestId(`sensitivity-${p.name}`), describeRates(p)!);
    await see.visible(page.getByRole('radio', { name: /^Standard/ }).and(page.locator(':checked')));

    await page.getByRole('radio', { name: /^Strict/ }).check();
    const strict = presets.find((p) => p.name === 'strict')!;
    await expect.poll(() => app!.bridge.app.settings.get().threshold, { timeout: 20_000 }).toBe(strict.threshold);
    // The slider follows once the saved setting comes back to the renderer.
    await see.value(page.getByLabel('Blur threshold'), String(strict.threshold));

    // A custom value: no preset checked, and its own measured rates.
    await page.getByLabel('Blur threshold').fill('0.93');
    await page.getByLabel('Blur threshold').press('Enter');
    await see.contains(page.getByTestId('sensitivity-custom'), 'Custom threshold at 0.93:');
    expect(await page.getByRole('radio', { name: /^(Relaxed|Standard|Strict)/ }).and(page.locator(':checked')).count()).toBe(0);

    // Review's histogram says what the current threshold means, on held-out real photos.
    await page.getByRole('radio', { name: /^Strict/ }).check();
    await see.visible(page.getByRole('radio', { name: /^Strict/ }).and(page.locator(':checked')));
    await page.getByTestId('sensitivity').screenshot({ path: path.join(screenshotDir, 'sensitivity.png') });
    await page.keyboard.press('Alt+1');
    await libraryCard(page, photoDir).getByRole('button', { name: /^Review/ }).click();
    await see.text(page.getByTestId('threshold-meaning'), `Strict · ${describeRates(strict)} on held-out real photos`);
    await page.getByTestId('histogram').screenshot({ path: path.join(screenshotDir, 'histogram-meaning.png') });
    expect(app.errors).toEqual([]);
  });
});
