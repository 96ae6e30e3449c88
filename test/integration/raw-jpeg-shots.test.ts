import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBridge } from '../../src/main/bridge/bridge-server.ts';
import { closeExiftool } from '../../src/main/formats/exiftool-process.ts';
import { bridgeWithLibrary, type BridgeClient } from '../helpers/bridge-client.ts';
import { fixtureDir, tempDir, writeRawJpegPair } from '../helpers/photo-factory.ts';

describe('RAW+JPEG pairs are one shot in review', () => {
  let bridge: RunningBridge;
  let client: BridgeClient;
  let root: string;

  beforeAll(async () => {
    root = tempDir();
    await writeRawJpegPair(root, 'cr2-large-preview.cr2');
    fs.copyFileSync(path.join(fixtureDir, '../raw/dng-large-preview.dng'), path.join(root, 'IMG_2000.dng'));
    fs.copyFileSync(path.join(fixtureDir, '../heic/wood-12mp.heic'), path.join(root, 'IMG_3000.HEIC'));
    ({ bridge, client } = await bridgeWithLibrary(root));
  });

  afterAll(async () => {
    client?.close();
    await bridge?.close();
    await closeExiftool();
  });

  it('lists the pair once, through the JPEG, and a lone RAW on its own', async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: false, offset: 0, limit: 100 });
    expect(page.items.map((p) => [p.fileName, p.companions])).toEqual(expect.arrayContaining([['IMG_1234.JPG', ['IMG_1234.CR2']], ['IMG_2000.dng', []]]));
    expect(page.total).toBe(3);
  });

  it('applies a decision to both files, and undo takes it back from both', async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: false, offset: 0, limit: 100 });
    const shot = page.items.find((p) => p.fileName === 'IMG_1234.JPG')!;
    expect(await client.call('decisions:set', { photoIds: [shot.id], decision: 'trash' })).toEqual({ changed: 2 });
    const review = await client.call('trash:review', undefined);
    expect(review.items.map((p) => p.fileName).sort()).toEqual(['IMG_1234.CR2', 'IMG_1234.JPG']);
    expect(review.totalBytes).toBe(fs.statSync(path.join(root, 'IMG_1234.CR2')).size + fs.statSync(path.join(root, 'IMG_1234.JPG')).size);
    await client.call('review:undo', undefined);
    expect((await client.call('trash:review', undefined)).count).toBe(0);
  });

  it('records which embedded preview a RAW was judged by', async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: false, offset: 0, limit: 100 });
    const dng = await client.call('photos:get', { photoId: page.items.find((p) => p.fileName === 'IMG_2000.dng')!.id });
    expect(dng.source).toMatchObject({ kind: 'raw-preview', width: 2560, height: 1920 });
    expect(dng.source!.tag).toMatch(/PreviewImage|JpgFromRaw/);
    expect(dng.focusMap).toMatchObject({ tileSize: 128, stride: 128, analysisLongEdge: 2048 });
  });

  it('scores a phone HEIC and serves thumbnails of RAW and HEIC photos', async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: false, offset: 0, limit: 100 });
    const heic = await client.call('photos:get', { photoId: page.items.find((p) => p.fileName === 'IMG_3000.HEIC')!.id });
    expect(heic.status).toBe('scored');
    expect(heic.source).toMatchObject({ kind: 'heic', width: 4032, height: 3024 });
    for (const name of ['IMG_2000.dng', 'IMG_3000.HEIC']) {
      const r = await fetch(`http://127.0.0.1:${bridge.port}/media/thumb/${page.items.find((p) => p.fileName === name)!.id}?token=${bridge.token}`);
      expect(r.status, name).toBe(200);
      const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
      expect(meta.format).toBe('webp');
      expect(Math.max(meta.width!, meta.height!), name).toBe(512);
    }
  });

  it('shows a RAW by the preview it was judged from', async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: false, offset: 0, limit: 100 });
    const dng = page.items.find((p) => p.fileName === 'IMG_2000.dng')!;
    const r = await fetch(`http://127.0.0.1:${bridge.port}/media/photo/${dng.id}?token=${bridge.token}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([2560, 1920]);
  });
});
