import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startBridgeServer, type RunningBridge } from '../../src/main/bridge/bridge-server.ts';
import { fixtureDir, tempDir, writeDefocused, writeMotionBlurred } from '../helpers/photo-factory.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const rendererDir = path.join(repoRoot, 'out/renderer');
/** README screenshots are refreshed with CRISP_UPDATE_SCREENSHOTS=1 npm test; other runs still take them, into a temp dir. */
export const screenshotDir = process.env.CRISP_UPDATE_SCREENSHOTS === '1'
  ? path.join(repoRoot, 'docs/screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'crisp-screenshots-'));
export const viewport = { width: 1440, height: 900 };

/** `npm test` builds the renderer first; a bare `vitest run test/e2e` builds it if it is missing. */
export function ensureRendererBuilt(): void {
  if (fs.existsSync(path.join(rendererDir, 'index.html'))) return;
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CRISP_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface AppUnderTest {
  bridge: RunningBridge;
  dataDir: string;
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors, to assert the UI ran clean. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh data dir, a bridge running the real engine on it, and a fresh browser context on its page. */
export async function openApp(
  browser: Browser,
  { dataDir = tempDir('crisp-e2e-data-'), beforeGoto }: { dataDir?: string; beforeGoto?(page: Page): Promise<void> } = {},
): Promise<AppUnderTest> {
  const bridge = await startBridgeServer({ dataDir, rendererDir });
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`); });
  await beforeGoto?.(page);
  await page.goto(bridge.url);
  return {
    bridge, dataDir, context, page, errors,
    async close() {
      await context.close().catch(() => {});
      await bridge.close();
    },
  };
}

export interface LibraryPhoto {
  name: string;
  path: string;
  kind: 'sharp' | 'defocus' | 'motion';
}

const scenes = ['chelsea.png', 'coffee.png', 'astronaut.png'];
const loners = ['rocket.jpg', 'camera.png'];

function exifDate(hour: number, second: number): string {
  return `2024:05:01 ${String(10 + hour).padStart(2, '0')}:00:${String(second).padStart(2, '0')}`;
}

/** Writes `src` as a JPEG with the fixture camera's EXIF, taken at 10+hour:00:second on 1 May 2024. */
export async function withExif(src: string, dest: string, hour: number, second: number, slow: boolean): Promise<void> {
  await sharp(src)
    .withExif({
      IFD0: { Make: 'Crisp', Model: 'Fixture Cam' },
      IFD2: {
        DateTimeOriginal: exifDate(hour, second),
        ExposureTime: slow ? '1/15' : '1/500',
        FNumber: '28/10',
        FocalLength: '50/1',
        FocalLengthIn35mmFilm: '75',
        ISOSpeedRatings: '400',
      },
    })
    .jpeg({ quality: 95 })
    .toFile(dest);
}

/**
 * Real photos in bursts: each scene shot sharp, out of focus (10 px disk) and shaken (21 px
 * motion) a second apart, so the sharp frame is the burst's best sibling; bursts an hour apart.
 */
export async function writeBurstLibrary(dir: string): Promise<LibraryPhoto[]> {
  fs.mkdirSync(dir, { recursive: true });
  const staging = tempDir('crisp-e2e-staging-');
  const photos: LibraryPhoto[] = [];
  for (const [hour, scene] of scenes.entries()) {
    const stem = scene.replace(/\.\w+$/, '');
    const src = path.join(fixtureDir, scene);
    const defocused = path.join(staging, `${stem}-defocus.jpg`);
    const shaken = path.join(staging, `${stem}-motion.jpg`);
    await writeDefocused(src, defocused, 10);
    await writeMotionBlurred(src, shaken, 21);
    const variants: [LibraryPhoto['kind'], string][] = [['sharp', src], ['defocus', defocused], ['motion', shaken]];
    for (const [second, [kind, from]] of variants.entries()) {
      const name = `${stem}-${kind}.jpg`;
      await withExif(from, path.join(dir, name), hour, second, kind === 'motion');
      photos.push({ name, path: path.join(dir, name), kind });
    }
  }
  for (const [i, loner] of loners.entries()) {
    const name = loner.replace(/\.\w+$/, '.jpg');
    await withExif(path.join(fixtureDir, loner), path.join(dir, name), 6 + i, 0, false);
    photos.push({ name, path: path.join(dir, name), kind: 'sharp' });
  }
  fs.rmSync(staging, { recursive: true, force: true });
  return photos;
}

/**
 * The hooks every e2e file needs: the renderer built, one Chromium for the file, and afterwards
 * `close` (the file's app), the browser and every scratch folder removed.
 */
export function chromiumSuite(close: () => Promise<unknown> = async () => {}) {
  let browser: Browser | undefined;
  const made: string[] = [];
  beforeAll(async () => {
    ensureRendererBuilt();
    fs.mkdirSync(screenshotDir, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await close();
    await browser?.close();
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    browser: () => browser!,
    scratch(prefix: string): string {
      const dir = tempDir(prefix);
      made.push(dir);
      return dir;
    },
  };
}
