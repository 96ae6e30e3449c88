import type { CrispApi } from '../../shared/ipc-contract.ts';
import { createBridgeTransport } from './bridge-transport.ts';

/** What the Electron preload may add beyond the contract. */
export interface DesktopExtras {
  /** The file-system path of a dropped File (Electron's webUtils.getPathForFile). */
  pathForFile?(file: File): string | null;
}

export type Transport = CrispApi & DesktopExtras;

declare global {
  interface Window {
    crisp?: Transport;
  }
}

/** The preload's API inside Electron, otherwise the WebSocket bridge that served this page. */
export function selectTransport(): Transport {
  return window.crisp ?? createBridgeTransport(window.location);
}
