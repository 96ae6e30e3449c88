import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';

const scorerWorker = path.resolve(import.meta.dirname, '../../src/main/scoring/scorer-worker.ts');

/**
 * A test double of the `electron` module: just the surface src/main/electron/* and the preload
 * use, recording what the main process registers so tests can drive it as Electron would.
 */
export interface FakeElectronOptions {
  userData: string;
  appPath: string;
  isPackaged: boolean;
  primaryInstance?: boolean;
  /** What the folder dialog returns. */
  pickedFolder?: string | null;
  /** The button the user presses in message boxes (0 = the first, "Add"). */
  messageBoxResponse?: number;
}

type Handler = (...args: never[]) => unknown;

export function fakeElectron(opts: FakeElectronOptions) {
  const calls = {
    quit: 0,
    exit: [] as number[],
    privilegedSchemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    invokeHandlers: new Map<string, (e: unknown, request: unknown) => unknown>(),
    ipcListeners: new Map<string, (e: unknown, ...args: unknown[]) => void>(),
    windows: [] as FakeWindow[],
    permissionRequest: null as Handler | null,
    permissionCheck: null as Handler | null,
    devicePermission: null as Handler | null,
    headersReceived: null as Handler | null,
    messageBoxes: [] as { message: string }[],
    errorBoxes: [] as string[],
    openDialogs: 0,
  };
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((r) => (readyResolve = r));

  class FakeWebContents extends EventEmitter {
    readonly sent: { channel: string; payload: unknown }[] = [];
    windowOpenHandler: Handler | null = null;
    send(channel: string, payload: unknown) {
      this.sent.push({ channel, payload });
    }
    setWindowOpenHandler(h: Handler) {
      this.windowOpenHandler = h;
    }
  }

  class FakeWindow extends EventEmitter {
    static getAllWindows = () => calls.windows;
    readonly webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
      super();
      calls.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.loadedUrl = url;
    }
    async loadFile(file: string) {
      this.loadedUrl = `file://${file}`;
    }
    maximize() {}
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isMaximized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1440, height: 900 };
    }
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: opts.isPackaged,
    whenReady: () => ready,
    requestSingleInstanceLock: () => opts.primaryInstance ?? true,
    quit: () => {
      calls.quit++;
    },
    exit: (code: number) => {
      calls.exit.push(code);
    },
    getPath: (name: string) => {
      if (name !== 'userData') throw new Error(`fake electron: no path ${name}`);
      return opts.userData;
    },
    getAppPath: () => opts.appPath,
  });

  const module = {
    app,
    BrowserWindow: FakeWindow,
    dialog: {
      showOpenDialog: async () => {
        calls.openDialogs++;
        return opts.pickedFolder ? { canceled: false, filePaths: [opts.pickedFolder] } : { canceled: true, filePaths: [] };
      },
      showMessageBox: async (...args: unknown[]) => {
        const o = args.at(-1) as { message: string };
        calls.messageBoxes.push({ message: o.message });
        return { response: opts.messageBoxResponse ?? 1 };
      },
      showErrorBox: (_title: string, message: string) => {
        calls.errorBoxes.push(message);
      },
    },
    ipcMain: {
      handle: (channel: string, h: (e: unknown, request: unknown) => unknown) => calls.invokeHandlers.set(channel, h),
      on: (channel: string, h: (e: unknown, ...args: unknown[]) => void) => calls.ipcListeners.set(channel, h),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: typeof calls.privilegedSchemes) => calls.privilegedSchemes.push(...schemes),
      handle: (scheme: string, h: (request: Request) => Promise<Response>) => calls.protocolHandlers.set(scheme, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (calls.permissionRequest = h),
        setPermissionCheckHandler: (h: Handler) => (calls.permissionCheck = h),
        setDevicePermissionHandler: (h: Handler) => (calls.devicePermission = h),
        webRequest: { onHeadersReceived: (h: Handler) => (calls.headersReceived = h) },
      },
    },
    screen: { getDisplayMatching: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }) },
    shell: { trashItem: async () => { throw new Error('fake electron: no trash'); } },
    // The real scorer module in a Node child process, speaking the utility process's API.
    utilityProcess: {
      fork: () => {
        const child = fork(scorerWorker, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        return Object.assign(new EventEmitter(), {
          pid: child.pid,
          postMessage: (m: unknown) => child.connected && child.send(m as never),
          kill: () => child.kill('SIGKILL'),
        }).on('newListener', function (this: EventEmitter, event: string, listener: (...a: unknown[]) => void) {
          if (event === 'message') child.on('message', listener);
          if (event === 'exit') child.on('exit', (code) => listener(code));
        });
      },
    },
  };
  return { module, calls, ready: () => readyResolve(), FakeWindow };
}
