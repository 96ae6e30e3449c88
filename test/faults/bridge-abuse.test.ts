import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBridge } from '../../src/main/bridge/bridge-server.ts';
import { BridgeClient, bridgeWithLibrary } from '../helpers/bridge-client.ts';
import { seededRandom, tempDir, writeSharpSet } from '../helpers/photo-factory.ts';

export const HTTP_FUZZ_REQUESTS = 300;
export const WS_FUZZ_FRAMES = 200;

/** Sends raw bytes and returns the status line of the answer (or '' if the socket was closed without one). */
function rawRequest(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('error', () => resolve(data.split('\r\n')[0]));
    socket.on('close', () => resolve(data.split('\r\n')[0]));
  });
}

function wsConnect(bridge: RunningBridge): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ipc?token=${bridge.token}`, { origin: `http://127.0.0.1:${bridge.port}` });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('fault: the bridge survives any input and serves nothing but judged photos', () => {
  let bridge: RunningBridge;
  let client: BridgeClient;
  let root: string;
  const secret = path.join(tempDir(), 'passwd');
  const media = (kind: string, id: number) => fetch(`http://127.0.0.1:${bridge.port}/media/${kind}/${id}?token=${bridge.token}`);
  const idOf = (name: string) => (bridge.app.session.db.prepare('SELECT id FROM photos WHERE path = ?').get(path.join(root, name)) as { id: number }).id;
  const stillUp = async () => {
    expect((await fetch(`http://127.0.0.1:${bridge.port}/`)).status).toBe(404); // empty renderer dir: a clean 404, from a live server
    expect(await client.call('libraries:list', undefined)).toHaveLength(1);
  };

  beforeAll(async () => {
    root = tempDir();
    await writeSharpSet(root, ['chelsea.png', 'coffee.png']);
    fs.writeFileSync(secret, 'root:x:0:0:root:/root:/bin/bash\n');
    fs.symlinkSync(secret, path.join(root, 'x.jpg'));
    fs.writeFileSync(path.join(root, 'notes.jpg'), 'not a photo, only named like one\n');
    ({ bridge, client } = await bridgeWithLibrary(root));
  });

  afterAll(async () => {
    client?.close();
    await bridge?.close();
  });

  it('answers a path with overlong UTF-8 escapes with 404 and stays up', async () => {
    const r = await fetch(`http://127.0.0.1:${bridge.port}/%c0%ae%c0%ae/etc/passwd`);
    expect(r.status).toBe(404);
    expect(await rawRequest(bridge.port, 'GET /%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1.1 404/);
    await stillUp();
  });

  it(`answers ${HTTP_FUZZ_REQUESTS} seeded malformed requests (bad escapes, bytes, request lines) and stays up`, async () => {
    const rand = seededRandom(18);
    const pieces = ['%', '%c0', '%ae', '%ff', '%00', '..', '/', '\\', '?', '#', 'media', 'photo', 'thumb', '1', '%2e%2e', '%2f', 'é', '\u0000', ' '];
    const statuses = new Set<string>();
    for (let i = 0; i < HTTP_FUZZ_REQUESTS; i++) {
      const n = 1 + Math.floor(rand() * 8);
      const target = Array.from({ length: n }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
      const method = ['GET', 'POST', 'PUT', 'GE T', '\u0001'][Math.floor(rand() * 5)];
      const line = rand() < 0.8 ? `${method} /${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n` : Buffer.from(Array.from({ length: 64 }, () => Math.floor(rand() * 256)));
      const status = await rawRequest(bridge.port, line);
      statuses.add(status.slice(0, 12));
    }
    expect([...statuses].every((s) => s === '' || /^HTTP\/1.1 [1-5]\d\d$/.test(s))).toBe(true);
    expect(statuses.has('HTTP/1.1 500')).toBe(false);
    await stillUp();
  });

  it('survives a WebSocket frame over the size limit and one with invalid UTF-8', async () => {
    const big = await wsConnect(bridge);
    const bigClosed = closeCode(big);
    big.send(Buffer.alloc(5 * 1024 * 1024, 0x20), { binary: false });
    expect(await bigClosed).toBe(1009);

    const bad = await wsConnect(bridge);
    const badClosed = closeCode(bad);
    bad.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await badClosed).toBe(1007);
    await stillUp();
  });

  it(`ignores ${WS_FUZZ_FRAMES} seeded malformed frames and keeps serving the contract`, async () => {
    const rand = seededRandom(1807);
    const ws = await wsConnect(bridge);
    const answers: unknown[] = [];
    ws.on('message', (d) => answers.push(JSON.parse(String(d))));
    const shapes = [
      () => 'null', () => '[]', () => '"invoke"', () => '{"type":"invoke"}', () => `{"type":"invoke","id":${Math.floor(rand() * 1e6)},"channel":"__proto__"}`,
      () => `{"type":"invoke","id":1,"channel":"photos:get","request":{"photoId":"${'9'.repeat(400)}"}}`,
      () => `{"type":"invoke","id":2,"channel":"trash:move","request":{"photoIds":[-1,1e308,null]}}`,
      () => Buffer.from(Array.from({ length: 32 }, () => Math.floor(rand() * 256))).toString('latin1'),
      () => '{"type":"invoke","id":3,"channel":"libraries:add","request":{"path":"\\u0000"}}',
    ];
    for (let i = 0; i < WS_FUZZ_FRAMES; i++) ws.send(shapes[Math.floor(rand() * shapes.length)]());
    await new Promise((r) => setTimeout(r, 500));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(answers.every((a) => (a as { type: string }).type !== 'result' || (a as { result: { ok: boolean } }).result.ok === false)).toBe(true);
    ws.close();
    await stillUp();
  });

  it('never serves a symlink or a file that failed to decode, and serves the judged photos', async () => {
    const photo = await media('photo', idOf('chelsea.jpg'));
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect((await media('thumb', idOf('chelsea.jpg'))).status).toBe(200);
    for (const name of ['x.jpg', 'notes.jpg']) {
      const r = await media('photo', idOf(name));
      expect(r.status, name).toBe(404);
      expect(await r.text()).not.toMatch(/root:x:0/);
    }
  });

  it('stops serving a judged photo once it is swapped for a symlink, or for a folder', async () => {
    const coffee = path.join(root, 'coffee.jpg');
    const id = idOf('coffee.jpg');
    expect((await media('photo', id)).status).toBe(200);
    const kept = path.join(tempDir(), 'coffee.jpg');
    fs.renameSync(coffee, kept);
    fs.symlinkSync(secret, coffee);
    expect((await media('photo', id)).status).toBe(404);
    fs.rmSync(coffee);
    fs.mkdirSync(coffee);
    expect((await media('photo', id)).status).toBe(404);
    fs.rmdirSync(coffee);
    fs.renameSync(kept, coffee);
    expect((await media('photo', id)).status).toBe(200);
  });
});
