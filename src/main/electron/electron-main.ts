/** The Electron main process: one window, the UI on app://, the contract on ipcMain, images on crisp://. Everything else is plain Node. */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { channels, eventNames, ipcWire } from '../../shared/ipc-contract.ts';
import { AppServices } from '../app/app-services.ts';
import { FolderGrants } from '../app/folder-grants.ts';
import { createHandlers, dispatch } from '../app/ipc-handlers.ts';
import { parseMediaPath, readRegularFile } from '../app/media-resolver.ts';
import { contentSecurityPolicy, withPolicyMeta } from '../bridge/content-security-policy.ts';
import { electronTrasher } from './electron-trasher.ts';
import { utilityScorerSpawner } from './utility-scorer-process.ts';
import { restoredBounds, trackWindowState } from './window-state.ts';

// The UI gets an origin of its own: under file:// 'self' would cover every file on the disk.
const appOrigin = 'app://crisp';
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: 'crisp', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const here = import.meta.dirname;
const rendererDir = path.join(app.getAppPath(), 'out/renderer');
const resources = app.isPackaged ? process.resourcesPath : app.getAppPath();
const csp = contentSecurityPolicy('electron');
const rendererTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json',
};
let mainWindow: BrowserWindow | null = null;
let services: AppServices | null = null;

function trustedSender(e: { sender: unknown; senderFrame?: { url: string } | null }): boolean {
  return mainWindow !== null && e.sender === mainWindow.webContents && (e.senderFrame?.url ?? '').startsWith(`${appOrigin}/`);
}

/** The built renderer, file by file: regular files inside it only (no links out), with the CSP in header and meta alike. */
async function serveRenderer(request: Request): Promise<Response> {
  const url = URL.parse(request.url);
  let rel: string | null = null;
  try {
    rel = url && url.host === 'crisp' ? decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname) : null;
  } catch {
    rel = null;
  }
  const file = rel === null ? null : path.resolve(rendererDir, `.${rel}`);
  const body = file?.startsWith(rendererDir + path.sep) ? await readRegularFile(file) : null;
  if (!file || !body) return new Response('not found', { status: 404 });
  const type = rendererTypes[path.extname(file)] ?? 'application/octet-stream';
  const headers = { 'Content-Type': type, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
  return new Response(type.startsWith('text/html') ? withPolicyMeta(body.toString('utf8'), csp) : new Uint8Array(body), { headers });
}

async function createWindow(app_: AppServices): Promise<void> {
  const saved = restoredBounds(app_.settings);
  const win = new BrowserWindow({
    ...(saved?.bounds ?? { width: 1440, height: 900 }),
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#111214',
    title: 'Crisp',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  mainWindow = win;
  if (saved?.maximized) win.maximize();
  trackWindowState(win, app_.settings);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });
  await win.loadURL(`${appOrigin}/index.html`);
}

async function confirmTypedFolder(folder: string): Promise<boolean> {
  const options = {
    type: 'question' as const, buttons: ['Add', 'Cancel'], defaultId: 0, cancelId: 1, title: 'Add a photo folder',
    message: `Add ${folder} to Crisp?`, detail: 'Crisp will index and score the photos in this folder.',
  };
  const r = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  return r.response === 0;
}

async function main(): Promise<void> {
  await app.whenReady();
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  protocol.handle('app', serveRenderer);

  const grants = new FolderGrants();
  services = new AppServices({
    dataDir: app.getPath('userData'),
    trasher: electronTrasher(),
    spawner: utilityScorerSpawner(path.join(here, 'scorer-worker.js')),
    modelCardPath: path.join(resources, app.isPackaged ? 'models' : 'resources/models', 'crisp-blur.json'),
    // Packaged builds carry an Electron-ABI better-sqlite3; a checkout keeps it apart from the Node one the tests use.
    nativeBinding: app.isPackaged ? undefined : path.join(app.getAppPath(), 'native/electron/better_sqlite3.node'),
    pickFolder: async () => {
      const r = mainWindow
        ? await dialog.showOpenDialog(mainWindow, { title: 'Add a photo folder', properties: ['openDirectory'] })
        : await dialog.showOpenDialog({ properties: ['openDirectory'] });
      const folder = r.canceled ? null : (r.filePaths[0] ?? null);
      if (folder) grants.grant(folder);
      return folder;
    },
    log: (l) => console.log(l),
  });
  const app_ = services;
  const shared = createHandlers(app_);
  const handlers: typeof shared = {
    ...shared,
    'libraries:add': async (request) => {
      if (!(await grants.allow(request.path, confirmTypedFolder))) {
        throw Object.assign(new Error('not added: the folder was not confirmed'), { code: 'NOT_CONFIRMED' });
      }
      return shared['libraries:add'](request);
    },
  };
  ipcMain.on(ipcWire.droppedPath, (e, dropped: unknown) => {
    if (trustedSender(e) && typeof dropped === 'string' && dropped.length <= 4096) grants.grant(dropped);
  });
  for (const channel of channels) {
    ipcMain.handle(ipcWire.invoke(channel), (e: IpcMainInvokeEvent, request: unknown) => {
      if (!trustedSender(e)) return { ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } };
      return dispatch(handlers, channel, request);
    });
  }
  for (const event of eventNames) {
    app_.events.on(event, (payload: unknown) => mainWindow?.webContents.send(ipcWire.event(event), payload));
  }
  protocol.handle('crisp', async (request) => {
    const url = URL.parse(request.url);
    const ref = url ? parseMediaPath(`${url.hostname}${url.pathname}`) : null;
    const media = ref ? await app_.media.resolve(ref.kind, ref.id) : null;
    if (!media) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(media.body), { headers: { 'Content-Type': media.contentType, 'Cache-Control': 'private, max-age=300' } });
  });

  await createWindow(app_);
  const restored = app_.session.restored;
  if (restored && mainWindow) {
    void dialog.showMessageBox(mainWindow, {
      type: 'warning',
      title: 'Library restored',
      message: 'Crisp’s library database was damaged, emptied or missing, and has been restored from the backup made when Crisp last closed.',
      detail: `Backup from ${restored.backupTime.toLocaleString()}. Changes made after it are lost; photos on disk are untouched. ` +
        `${restored.damagedCopy ? `The old file is kept at ${restored.damagedCopy}. ` : ''}(${restored.reason})`,
    });
  }
  void app_.resumeWatchers();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(app_);
  });
}

// A second instance hands over to the first and quits before it opens the library.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting || !services) return;
    e.preventDefault();
    quitting = true;
    void services.close().finally(() => app.quit());
  });

  main().catch((err) => {
    dialog.showErrorBox('Crisp could not start', (err as Error).message);
    app.exit(1);
  });
}
