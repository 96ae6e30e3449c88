import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeServer, type RunningBridge } from '../../src/main/bridge/bridge-server.ts';
import { BridgeClient } from '../helpers/bridge-client.ts';
import { fixtureDir, sha256File, tempDir, writeDefocused, writeSharpSet } from '../helpers/photo-factory.ts';


describe('bridge: the IPC contract over WebSocket, on the real handlers', () => {
  let bridge: RunningBridge;
  let client: BridgeClient;
  let photos: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir();
    photos = tempDir();
    await writeSharpSet(photos, ['chelsea.png', 'coffee.png', 'rocket.jpg']);
    await writeDefocused(path.join(fixtureDir, 'coffee.png'), path.join(photos, 'coffee-defocused.jpg'), 12);
    await writeDefocused(path.join(fixtureDir, 'rocket.jpg'), path.join(photos, 'rocket-defocused.jpg'), 12);
    bridge = await startBridgeServer({ dataDir, rendererDir: tempDir() });
    client = await BridgeClient.connect(bridge.port, bridge.token);
  });

  afterAll(async () => {
    client?.close();
    await bridge?.close();
  });

  it('adds a library, scans it with progress events, and lists it', async () => {
    const lib = await client.call('libraries:add', { path: photos });
    expect(lib).toMatchObject({ path: photos, alreadyAdded: false });
    await client.waitForScanDone();
    // The library's counts reach the Libraries screen during the scan, not only when it ends.
    const done = client.events.findIndex((e) => e.event === 'scan:progress' && (e.payload as { stage: string }).stage === 'done');
    const during = client.events.slice(0, done).filter((e) => e.event === 'libraries:changed')
      .map((e) => (e.payload as { id: number; photoCount: number }[]).find((l) => l.id === lib.id)?.photoCount ?? 0);
    expect(during.some((n) => n > 0), during.join(',')).toBe(true);
    const progress = client.eventsOf('scan:progress');
    expect(progress.at(-1)).toMatchObject({ libraryId: lib.id, stage: 'done', scored: 5, toScore: 5, provider: 'cpu' });
    const [listed] = await client.call('libraries:list', undefined);
    expect(listed).toMatchObject({ id: lib.id, photoCount: 5, flaggedCount: 2, scanning: false });
    expect(listed.lastScanAt).toBeGreaterThan(0);
  });

  it('says when a folder is already a library, and rescans it', async () => {
    client.events.splice(0);
    const again = await client.call('libraries:add', { path: photos });
    expect(again.alreadyAdded).toBe(true);
    expect(await client.call('libraries:list', undefined)).toHaveLength(1);
    await client.waitForScanDone();
  });

  it('queries flagged photos blurriest first, with a histogram', async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: true, offset: 0, limit: 100 });
    expect(page.items.map((p) => p.fileName).sort()).toEqual(['coffee-defocused.jpg', 'rocket-defocused.jpg']);
    expect(page.items[0].blurScore!).toBeGreaterThanOrEqual(page.items[1].blurScore!);
    const hist = await client.call('photos:histogram', { threshold: 0.5, bins: 20 });
    expect(hist.bins).toHaveLength(20);
    expect(hist.total).toBe(5);
    expect(hist.flagged).toBe(2);
    const detail = await client.call('photos:get', { photoId: page.items[0].id });
    expect(detail.focusMap!.blur.length).toBe(detail.focusMap!.cols * detail.focusMap!.rows);
  });

  it('marks for trash, undoes, moves to the trash and restores byte-identical', async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: true, offset: 0, limit: 100 });
    const target = page.items[0];
    const sum = sha256File(target.path);
    await client.call('decisions:set', { photoIds: [target.id], decision: 'trash' });
    expect((await client.call('review:undo', undefined))!.photoIds).toEqual([target.id]);
    expect((await client.call('trash:review', undefined)).count).toBe(0);
    await client.call('decisions:set', { photoIds: [target.id], decision: 'trash' });
    const review = await client.call('trash:review', undefined);
    expect(review).toMatchObject({ count: 1, totalBytes: fs.statSync(target.path).size });

    const moved = await client.call('trash:move', { photoIds: [target.id] });
    expect(moved).toEqual({ moved: [target.id], failed: [] });
    expect(fs.existsSync(target.path)).toBe(false);
    const trashed = path.join(dataDir, 'Trash', 'files', target.fileName);
    expect(sha256File(trashed)).toBe(sum);
    expect(fs.readFileSync(path.join(dataDir, 'Trash', 'info', `${target.fileName}.trashinfo`), 'utf8')).toContain(`Path=${target.path}`);

    const [entry] = await client.call('trash:recent', undefined);
    expect(entry).toMatchObject({ photoId: target.id, originalPath: target.path, status: 'trashed' });
    const restored = await client.call('trash:restore', { logId: entry.id });
    expect(restored.status).toBe('restored');
    expect(sha256File(target.path)).toBe(sum);
    expect((await client.call('photos:get', { photoId: target.id })).decision).toBe('keep');
  });

  it('leaves a file whose move fails in place and says why', async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: true, offset: 0, limit: 100 });
    const target = page.items.find((p) => p.decision === null)!;
    fs.appendFileSync(target.path, Buffer.from([0]));
    const result = await client.call('trash:move', { photoIds: [target.id] });
    expect(result.moved).toEqual([]);
    expect(result.failed[0].message).toMatch(/changed since it was reviewed/);
    expect(fs.existsSync(target.path)).toBe(true);
  });

  it('validates every request and reports errors as {code, message}', async () => {
    expect(await client.raw('photos:get', { photoId: '1; DROP TABLE photos' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await client.raw('photos:get', { photoId: 1, extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await client.raw('fs:readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await client.raw('photos:get', { photoId: 999999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await client.raw('libraries:add', { path: '/definitely/not/here' })).toMatchObject({ ok: false, error: { code: 'DIR_NOT_FOUND' } });
  });

  it('serves images only by indexed id and only with the token', async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: false, offset: 0, limit: 1 });
    const base = `http://127.0.0.1:${bridge.port}`;
    const ok = await fetch(`${base}/media/thumb/${page.items[0].id}?token=${bridge.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/webp');
    const full = await fetch(`${base}/media/photo/${page.items[0].id}?token=${bridge.token}`);
    expect(Buffer.from(await full.arrayBuffer()).equals(fs.readFileSync(page.items[0].path))).toBe(true);
    for (const probe of ['/media/photo/..%2F..%2F..%2Fetc%2Fpasswd', '/media/photo/%2Fetc%2Fpasswd', '/media/photo/999999', '/media/thumb/0', '/media/../../etc/passwd', '/..%2F..%2Fetc%2Fpasswd']) {
      const r = await fetch(`${base}${probe}?token=${bridge.token}`);
      expect(r.status, probe).toBeGreaterThanOrEqual(400);
      expect(await r.text(), probe).not.toContain('root:');
    }
    expect((await fetch(`${base}/media/thumb/${page.items[0].id}?token=wrong`)).status).toBe(403);
    expect((await fetch(`${base}/media/thumb/${page.items[0].id}`)).status).toBe(403);
    await expect(new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ipc?token=wrong`);
      ws.once('open', () => resolve('open'));
      ws.once('error', reject);
    })).rejects.toThrow(/403/);
  });
});

describe('bridge: settings that change how photos are judged', () => {
  it('rescans at the strict level after the setting changes, and keeps it across a restart', async () => {
    const photos = tempDir();
    await writeSharpSet(photos, ['coffee.png']);
    const dataDir = tempDir();
    let bridge = await startBridgeServer({ dataDir, rendererDir: tempDir() });
    let client = await BridgeClient.connect(bridge.port, bridge.token);
    try {
      const lib = await client.call('libraries:add', { path: photos });
      await client.waitForScanDone();
      await client.call('settings:set', { level: 'strict' });
      client.events.length = 0;
      await client.call('scan:start', { libraryId: lib.id });
      await client.waitForScanDone();
      expect(client.eventsOf('photo:scored').map((e) => e.status)).toEqual(['scored']);
      expect(bridge.app.session.db.prepare('SELECT level FROM scores').pluck().all()).toEqual(['strict']);
    } finally {
      client.close();
      await bridge.close();
    }
    bridge = await startBridgeServer({ dataDir, rendererDir: tempDir() });
    client = await BridgeClient.connect(bridge.port, bridge.token);
    try {
      await client.call('scan:start', { libraryId: 1 });
      await client.waitForScanDone();
      expect(client.eventsOf('photo:scored').map((e) => e.status)).toEqual(['unchanged']);
    } finally {
      client.close();
      await bridge.close();
    }
  });
});
