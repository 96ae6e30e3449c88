import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBridge } from '../../src/main/bridge/bridge-server.ts';
import { bridgeWithLibrary, type BridgeClient } from '../helpers/bridge-client.ts';
import { sha256File, tempDir, writeRawJpegPair, writeSharpSet } from '../helpers/photo-factory.ts';

/** A RAW+JPEG pair sharing IMG_1234.xmp, and a lone photo: copying keepers and trashing pairs through the real handlers. */
describe('copy keepers and sidecars of trashed pairs', () => {
  let bridge: RunningBridge;
  let client: BridgeClient;
  let root: string;

  beforeAll(async () => {
    root = tempDir();
    await writeRawJpegPair(root, 'nef-large-preview.nef');
    await writeSharpSet(root, ['chelsea.png']);
    ({ bridge, client } = await bridgeWithLibrary(root));
  });

  afterAll(async () => {
    client?.close();
    await bridge?.close();
  });

  const byName = async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: false, offset: 0, limit: 100 });
    return new Map(page.items.map((p) => [p.fileName, p]));
  };

  it('refuses a folder that is missing, a file, or inside a library, in sentences naming the fix', async () => {
    const pair = (await byName()).get('IMG_1234.JPG')!;
    await client.call('decisions:set', { photoIds: [pair.id], decision: 'keep' });
    const missing = await client.raw('keepers:copy', { dest: '/nowhere/edit', collision: 'skip' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'DIR_NOT_FOUND', message: 'The folder /nowhere/edit does not exist. Create it first, or choose another.' } });
    fs.mkdirSync(path.join(root, 'edit'));
    const inside = await client.raw('keepers:copy', { dest: path.join(root, 'edit'), collision: 'skip' });
    expect(inside).toMatchObject({ ok: false, error: { code: 'DEST_IN_LIBRARY' } });
    const file = await client.raw('keepers:copy', { dest: path.join(root, 'IMG_1234.JPG'), collision: 'skip' });
    expect(file).toMatchObject({ ok: false, error: { code: 'NOT_A_FOLDER' } });
  });

  it('copies only the picked shot, both files, and keeps the sources', async () => {
    const dest = tempDir();
    const r = await client.call('keepers:copy', { dest, collision: 'rename' });
    expect(fs.readdirSync(dest).sort()).toEqual(['IMG_1234.JPG', 'IMG_1234.NEF']);
    expect(r.copied).toHaveLength(2);
    for (const n of ['IMG_1234.JPG', 'IMG_1234.NEF']) expect(sha256File(path.join(dest, n))).toBe(sha256File(path.join(root, n)));
    expect(client.eventsOf('copy:progress').at(-1)).toEqual({ done: 2, total: 2 });
  });

  it('takes the sidecar a RAW+JPEG pair shares to the trash with the pair, and undo brings all three back', async () => {
    const pair = (await byName()).get('IMG_1234.JPG')!;
    await client.call('decisions:set', { photoIds: [pair.id], decision: 'trash' });
    expect(await client.call('sidecars:write', {})).toMatchObject({ failed: [] });
    const shared = path.join(root, 'IMG_1234.xmp');
    expect(fs.existsSync(shared)).toBe(true);
    const ids = (await client.call('trash:review', undefined)).items.map((i) => i.id);
    expect(ids).toHaveLength(2);
    const moved = await client.call('trash:move', { photoIds: ids });
    expect(moved.failed).toEqual([]);
    expect(fs.readdirSync(root).filter((f) => f.startsWith('IMG_1234'))).toEqual([]);
    await client.call('review:undo', undefined);
    expect(fs.readdirSync(root).filter((f) => f.startsWith('IMG_1234')).sort()).toEqual(['IMG_1234.JPG', 'IMG_1234.NEF', 'IMG_1234.xmp']);
  });
});
