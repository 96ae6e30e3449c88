import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridgeServer, type RunningBridge } from '../../src/main/bridge/bridge-server.ts';
import { tempDir } from '../helpers/photo-factory.ts';
import { ensureRendererBuilt, launchBrowser, rendererDir, viewport } from './e2e-harness.ts';
import { see } from './locator-assertions.ts';

let bridge: RunningBridge;
const dataDir = tempDir('crisp-e2e-data-');
let browser: Browser;

beforeAll(async () => {
  ensureRendererBuilt();
  bridge = await startBridgeServer({ dataDir, rendererDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const origin = () => `http://127.0.0.1:${bridge.port}`;

/** Resolves with the HTTP status the upgrade got: 101 when accepted. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => { ws.close(); resolve(101); });
    ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
    ws.on('error', () => resolve(0));
  });
}

describe('bridge security', () => {
  it('refuses a wrong or missing token on the socket and on media', async () => {
    const ipc = `ws://127.0.0.1:${bridge.port}/ipc`;
    expect(await upgradeStatus(`${ipc}?token=${bridge.token}`)).toBe(101);
    expect(await upgradeStatus(`${ipc}?token=wrong`)).toBe(403);
    expect(await upgradeStatus(ipc)).toBe(403);
    expect(await upgradeStatus(`${ipc}?token=${bridge.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect((await fetch(`${origin()}/media/photo/1?token=wrong`)).status).toBe(403);
    expect((await fetch(`${origin()}/media/thumb/1`)).status).toBe(403);
  });

  it('serves media only by indexed id, never by path', async () => {
    const token = `?token=${bridge.token}`;
    for (const probe of [
      '/media/photo/..%2F..%2Fetc%2Fpasswd',
      '/media/photo/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/media/thumb/..%2F..%2F..%2Fetc%2Fpasswd',
      '/media/photo/999999',
      '/media/photo/0',
      '/media/photo/1e3',
      '/media/photo/-1',
      '/media/photo/%2Fetc%2Fpasswd',
    ]) {
      const res = await fetch(`${origin()}${probe}${token}`);
      expect(res.status, probe).toBeGreaterThanOrEqual(400);
      expect(res.status, probe).toBeLessThan(500);
      expect(await res.text(), probe).not.toContain('root:');
    }
  });

  it('shows the user a connection error, not a blank app, when the page has a wrong token', async () => {
    const context = await browser.newContext({ viewport });
    try {
      const page = await context.newPage();
      await page.goto(`${origin()}/?token=wrong`);
      await see.contains(page.getByRole('alert').first(), 'Lost the connection to Crisp');
      await see.visible(page.getByRole('heading', { name: 'Libraries', exact: true }));
    } finally {
      await context.close();
    }
  });
});
