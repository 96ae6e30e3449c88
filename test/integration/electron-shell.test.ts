import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ipcWire } from '../../src/shared/ipc-contract.ts';
import { contentSecurityPolicy, metaPolicy } from '../../src/main/bridge/content-security-policy.ts';
import { fakeElectron, type FakeElectronOptions } from '../helpers/fake-electron.ts';
import { tempDir } from '../helpers/photo-factory.ts';
import { repoRoot } from '../helpers/run-cli.ts';

/** An app folder as Electron sees one: the built renderer (with a link planted in it), the models, the Electron-ABI native module. */
function appFolder(): string {
  const dir = tempDir('crisp-app-');
  const renderer = path.join(dir, 'out/renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'src/renderer/index.html'), path.join(renderer, 'index.html'));
  fs.writeFileSync(path.join(renderer, 'assets/app.js'), 'console.log("crisp");');
  const secret = path.join(tempDir(), 'secret.txt');
  fs.writeFileSync(secret, 'not part of the app');
  fs.symlinkSync(secret, path.join(renderer, 'assets/leak.js'));
  fs.symlinkSync(path.join(repoRoot, 'resources'), path.join(dir, 'resources'));
  fs.symlinkSync(path.join(repoRoot, 'resources/models'), path.join(dir, 'models')); // process.resourcesPath/models when packaged
  fs.mkdirSync(path.join(dir, 'native/electron'), { recursive: true });
  fs.symlinkSync(path.join(repoRoot, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(dir, 'native/electron/better_sqlite3.node'));
  return dir;
}

async function until(what: string, cond: () => boolean): Promise<void> {
  const end = Date.now() + 30_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function startShell(options: Partial<FakeElectronOptions> = {}) {
  vi.resetModules();
  const appPath = appFolder();
  (process as { resourcesPath?: string }).resourcesPath = appPath;
  const fake = fakeElectron({ userData: tempDir(), appPath, isPackaged: false, ...options });
  vi.doMock('electron', () => fake.module);
  await import('../../src/main/electron/electron-main.ts');
  fake.ready();
  return fake;
}

type Fake = Awaited<ReturnType<typeof startShell>>;
let running: Fake | null = null;

async function started(options: Partial<FakeElectronOptions> = {}): Promise<Fake & { win: Fake['calls']['windows'][number] }> {
  const fake = await startShell(options);
  running = fake;
  await until('the window to load', () => (fake.calls.windows[0]?.loadedUrl ?? null) !== null || fake.calls.errorBoxes.length > 0);
  expect(fake.calls.errorBoxes).toEqual([]);
  return Object.assign(fake, { win: fake.calls.windows[0] });
}

afterEach(async () => {
  const fake = running;
  running = null;
  if (!fake) return;
  const quitsBefore = fake.calls.quit;
  fake.module.app.emit('before-quit', { preventDefault: () => {} });
  await until('a clean close', () => fake.calls.quit > quitsBefore);
  vi.doUnmock('electron');
});

describe('the Electron shell, run under a test double of electron', () => {
  it('loads the UI from the privileged app:// scheme into a locked-down window', async () => {
    const fake = await started({ isPackaged: false });
    expect(fake.calls.privilegedSchemes.map((s) => [s.scheme, s.privileges.standard, s.privileges.secure])).toEqual([['app', true, true], ['crisp', true, true]]);
    expect(fake.win.loadedUrl).toBe('app://crisp/index.html');
    expect(fake.win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: true });
  });

  it('turns DevTools off in a packaged build', async () => {
    const fake = await started({ isPackaged: true });
    expect(fake.win.options.webPreferences.devTools).toBe(false);
  });

  it('serves the renderer with one strict CSP in header and meta, and never a link, a path outside it, or another host', async () => {
    const fake = await started();
    const serve = fake.calls.protocolHandlers.get('app')!;
    const index = await serve(new Request('app://crisp/index.html'));
    expect(index.status).toBe(200);
    const html = await index.text();
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    expect(index.headers.get('content-security-policy')).toBe(contentSecurityPolicy('electron'));
    expect(meta).toBe(metaPolicy(contentSecurityPolicy('electron'))); // all of it but frame-ancestors, which a meta tag cannot carry
    expect(contentSecurityPolicy('electron').replace('; frame-ancestors \'none\'', '')).toBe(meta);
    expect(meta).not.toMatch(/ws:|file:|\*/);
    expect((await serve(new Request('app://crisp/assets/app.js'))).status).toBe(200);
    for (const url of ['app://crisp/assets/leak.js', 'app://crisp/../../../etc/passwd', 'app://crisp/%2e%2e/%2e%2e/etc/passwd', 'app://crisp/%c0%ae%c0%ae/x', 'app://evil/index.html', 'app://crisp/assets']) {
      expect((await serve(new Request(url))).status, url).toBe(404);
    }
  });

  it('denies every permission request, check and device, blocks navigation and new windows', async () => {
    const fake = await started();
    let granted: boolean | null = null;
    (fake.calls.permissionRequest as unknown as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect((fake.calls.permissionCheck as unknown as (...a: unknown[]) => boolean)({}, 'clipboard-read', 'app://crisp', {})).toBe(false);
    expect((fake.calls.devicePermission as unknown as (...a: unknown[]) => boolean)({ deviceType: 'usb', origin: 'app://crisp' })).toBe(false);
    let prevented = false;
    fake.win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://example.com');
    expect(prevented).toBe(true);
    expect((fake.win.webContents.windowOpenHandler as unknown as () => { action: string })()).toEqual({ action: 'deny' });
  });

  it('answers only the window\'s own app:// frame, and serves images by id only', async () => {
    const fake = await started();
    const list = fake.calls.invokeHandlers.get(ipcWire.invoke('libraries:list'))!;
    const own = { sender: fake.win.webContents, senderFrame: { url: 'app://crisp/index.html' } };
    expect(await list(own, undefined)).toEqual({ ok: true, value: [] });
    for (const e of [{ sender: {}, senderFrame: own.senderFrame }, { sender: fake.win.webContents, senderFrame: { url: 'file:///tmp/evil.html' } }, { sender: fake.win.webContents, senderFrame: null }]) {
      expect(await list(e, undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const media = fake.calls.protocolHandlers.get('crisp')!;
    for (const url of ['crisp://photo/1', 'crisp://photo/abc', 'crisp://photo/..%2f..%2fetc%2fpasswd', 'crisp://file/etc/passwd']) {
      expect((await media(new Request(url))).status, url).toBe(404);
    }
  });

  it('adds a library only from the folder dialog, a drop, or a typed path the user confirms in a native dialog', async () => {
    const picked = tempDir();
    const fake = await started({ pickedFolder: picked, messageBoxResponse: 1 });
    const own = { sender: fake.win.webContents, senderFrame: { url: 'app://crisp/index.html' } };
    const add = (p: string, e: unknown = own) => fake.calls.invokeHandlers.get(ipcWire.invoke('libraries:add'))!(e, { path: p }) as Promise<{ ok: boolean; error?: { code: string } }>;

    const typed = tempDir();
    expect(await add(typed)).toMatchObject({ ok: false, error: { code: 'NOT_CONFIRMED' } });
    expect(fake.calls.messageBoxes.at(-1)!.message).toBe(`Add ${typed} to Crisp?`);

    expect(await fake.calls.invokeHandlers.get(ipcWire.invoke('libraries:pick'))!(own, undefined)).toEqual({ ok: true, value: picked });
    const boxes = fake.calls.messageBoxes.length;
    expect(await add(picked)).toMatchObject({ ok: true });
    expect(fake.calls.messageBoxes.length).toBe(boxes); // no question for what the dialog returned

    const dropped = tempDir();
    const drop = fake.calls.ipcListeners.get(ipcWire.droppedPath)!;
    drop({ sender: {}, senderFrame: own.senderFrame }, dropped); // not the window: no grant
    expect(await add(dropped)).toMatchObject({ ok: false, error: { code: 'NOT_CONFIRMED' } });
    drop(own, dropped);
    expect(await add(dropped)).toMatchObject({ ok: true });
  });

  it('a second instance quits before it opens the library', async () => {
    const fake = await startShell({ primaryInstance: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.quit).toBe(1);
    expect(fake.calls.windows).toHaveLength(0);
    expect(fs.existsSync(path.join(fake.module.app.getPath('userData'), 'library.db'))).toBe(false);
    vi.doUnmock('electron');
  });
});
