/** The Electron main process: one window, the contract on ipcMain, images on crisp://. Everything else is plain Node. */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { channels, eventNames, ipcWire } from '../../shared/ipc-contract.ts';
import { AppServices } from '../app/app-services.ts';
import { createHandlers, dispatch } from '../app/ipc-handlers.ts';
import { parseMediaPath } from '../app/media-resolver.ts';
import { contentSecurityPolicy } from '../bridge/content-security-policy.ts';
import { electronTrasher } from './electron-trasher.ts';
import { utilityScorerSpawner } from './utility-scorer-process.ts';
import { restoredBounds, trackWindowState } from './window-state.ts';

protocol.registerSchemesAsPrivileged([{ scheme: 'crisp', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
if (!app.requestSingleInstanceLock()) app.quit();

const here = import.meta.dirname;
const rendererIndex = path.join(here, '../renderer/index.html');
const resources = app.isPackaged ? process.resourcesPath : app.getAppPath();
let mainWindow: BrowserWindow | null = null;
let services: AppServices | null = null;

function trustedSender(e: IpcMainInvokeEvent): boolean {
  return mainWindow !== null && e.sender === mainWindow.webContents && (e.senderFrame?.url ?? '').startsWith(pathToFileURL(rendererIndex).href);
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
    },
  });
  mainWindow = win;
  if (saved?.maximized) win.maximize();
  trackWindowState(win, app_.settings);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });
  await win.loadFile(rendererIndex);
}

async function main(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy('electron')] } });
  });

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
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    log: (l) => console.log(l),
  });
  const app_ = services;
  const handlers = createHandlers(app_);
  for (const channel of channels) {
    ipcMain.handle(ipcWire.invoke(channel), (e, request) => {
      if (!trustedSender(e)) return { ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } };
      return dispatch(handlers, channel, request);
    });
  }
  for (const event of eventNames) {
    app_.events.on(event, (payload: unknown) => mainWindow?.webContents.send(ipcWire.event(event), payload));
  }
  protocol.handle('crisp', async (request) => {
    const url = new URL(request.url);
    const ref = parseMediaPath(`${url.hostname}${url.pathname}`);
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
