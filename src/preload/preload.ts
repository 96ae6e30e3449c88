/**
 * Exposes exactly the IPC contract as window.crisp. Sandboxed: bundled to CommonJS, and it only
 * passes the contract's own channel names.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { channels, eventNames, ipcWire, type CrispApi } from '../shared/ipc-contract.ts';

const api: CrispApi & { pathForFile(file: File): string | null } = {
  invoke(channel, request) {
    if (!channels.includes(channel)) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel: ${String(channel)}` } });
    return ipcRenderer.invoke(ipcWire.invoke(channel), request);
  },
  on(event, listener) {
    if (!eventNames.includes(event)) return () => {};
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(ipcWire.event(event), wrapped);
    return () => {
      ipcRenderer.removeListener(ipcWire.event(event), wrapped);
    };
  },
  mediaUrl(kind, photoId) {
    return `crisp://${kind}/${Math.trunc(photoId)}`;
  },
  /** Paths of folders dropped on the window (File.path is gone from recent Electron). */
  pathForFile(file) {
    try {
      const p = webUtils.getPathForFile(file) || null;
      // Only a real drop yields a path here, so main may add it as a library without asking again.
      if (p) ipcRenderer.send(ipcWire.droppedPath, p);
      return p;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('crisp', api);
