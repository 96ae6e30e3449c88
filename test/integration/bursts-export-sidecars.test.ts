import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBridge } from '../../src/main/bridge/bridge-server.ts';
import { exiftool, closeExiftool } from '../../src/main/formats/exiftool-process.ts';
import { bridgeWithLibrary, type BridgeClient } from '../helpers/bridge-client.ts';
import { diskKernel, fixtureDir, sha256File, tempDir } from '../helpers/photo-factory.ts';
import { runCli } from '../helpers/run-cli.ts';

const burstDir = path.resolve(fixtureDir, '../bursts');

/** A real video frame as a camera would have saved it: make, model and capture time in EXIF. */
async function shoot(frame: string, dest: string, takenAt: string, subSec: string, opts: { defocus?: number; camera?: string } = {}): Promise<void> {
  let img = sharp(path.join(burstDir, frame));
  if (opts.defocus) img = img.convolve(diskKernel(opts.defocus));
  await img.withExif({
    IFD0: { Make: 'Crisp Test', Model: opts.camera ?? 'Burst 1' },
    IFD2: { DateTimeOriginal: takenAt, SubSecTimeOriginal: subSec },
  }).jpeg({ quality: 92 }).toFile(dest);
}

describe('bursts, flagged export and XMP sidecars through the app handlers', () => {
  let bridge: RunningBridge;
  let client: BridgeClient;
  let root: string;
  let dbFile: string;

  beforeAll(async () => {
    root = tempDir();
    const t = '2026:05:01 10:00:00';
    await shoot('vtest-frame-100.jpg', path.join(root, 'IMG_0100.jpg'), t, '00');
    await shoot('vtest-frame-101.jpg', path.join(root, 'IMG_0101.jpg'), t, '30', { defocus: 9 });
    await shoot('vtest-frame-102.jpg', path.join(root, 'IMG_0102.jpg'), t, '60', { defocus: 5 });
    await shoot('vtest-frame-103.jpg', path.join(root, 'IMG_0103.jpg'), t, '90');
    await shoot('tree-frame-030.jpg', path.join(root, 'IMG_0104.jpg'), '2026:05:01 10:00:01', '20');
    await shoot('vtest-frame-600.jpg', path.join(root, 'IMG_0200.jpg'), '2026:05:01 10:01:00', '00');
    let dataDir: string;
    ({ bridge, client, dataDir } = await bridgeWithLibrary(root));
    dbFile = path.join(dataDir, 'library.db');
  });

  afterAll(async () => {
    client?.close();
    await bridge?.close();
    await closeExiftool();
  });

  const byName = async () => {
    const page = await client.call('photos:query', { threshold: 0.5, flaggedOnly: false, offset: 0, limit: 100 });
    return new Map(page.items.map((p) => [p.fileName, p]));
  };

  it('groups the real burst and leaves out a different scene and a frame a minute later', async () => {
    const photos = await byName();
    const burst = photos.get('IMG_0100.jpg')!.burstId;
    expect(burst).not.toBeNull();
    for (const n of ['IMG_0101.jpg', 'IMG_0102.jpg', 'IMG_0103.jpg']) expect(photos.get(n)!.burstId, n).toBe(burst);
    expect(photos.get('IMG_0104.jpg')!.burstId).not.toBe(burst);
    expect(photos.get('IMG_0200.jpg')!.burstId).not.toBe(burst);
  });

  it('offers the sharpest frame of the burst as the best sibling, and previews keep-the-sharpest', async () => {
    const photos = await byName();
    const blurred = photos.get('IMG_0101.jpg')!;
    const siblings = await client.call('photos:siblings', { photoId: blurred.id });
    expect(['IMG_0100.jpg', 'IMG_0103.jpg']).toContain(siblings.best!.fileName);
    expect(siblings.candidates.map((c) => c.fileName)).not.toContain('IMG_0104.jpg');

    const plan = await client.call('bursts:plan', {});
    expect(plan.bursts).toHaveLength(1);
    const [burst] = plan.bursts;
    // The two sharp frames may tie; either is the keeper.
    expect(['IMG_0100.jpg', 'IMG_0103.jpg']).toContain(burst.keep.fileName);
    // The other sharp frame is left alone; the 9 px defocus is marked.
    const sharpTwin = burst.keep.fileName === 'IMG_0100.jpg' ? 'IMG_0103.jpg' : 'IMG_0100.jpg';
    expect(burst.leave.map((m) => m.fileName)).toContain(sharpTwin);
    expect(burst.mark.map((m) => m.fileName)).toContain('IMG_0101.jpg');
    expect(burst.mark.map((m) => m.fileName)).not.toContain(sharpTwin);
    expect(plan.markCount).toBe(burst.mark.length);
    // "One per burst" marks every other frame, sharp or not.
    const onePer = await client.call('bursts:plan', { mode: 'onePerBurst' });
    expect(onePer.markCount).toBe(3);
    expect(onePer.bursts[0].mark.map((m) => m.fileName)).toContain(sharpTwin);
    const ids = burst.mark.map((m) => m.id);
    expect(await client.call('bursts:apply', { photoIds: ids })).toEqual({ changed: ids.length });
    expect((await client.call('trash:review', undefined)).count).toBe(ids.length);
    // One undo takes the whole action back.
    await client.call('review:undo', undefined);
    expect((await client.call('trash:review', undefined)).count).toBe(0);
  });

  it('exports the flagged list as CSV and JSON, from the app and from the CLI', async () => {
    const json = await client.call('photos:exportFlagged', { format: 'json', threshold: 0.5 });
    const rows = JSON.parse(json.content) as { path: string; blurScore: number; verdict: string; blurType: string | null; burstId: string | null }[];
    expect(rows.map((r) => path.basename(r.path))).toContain('IMG_0101.jpg');
    expect(rows.every((r) => r.verdict === 'blurry' && r.blurScore >= 0.5)).toBe(true);
    expect(rows.find((r) => r.path.endsWith('IMG_0101.jpg'))!.burstId).toMatch(/^burst:/);
    const cli = await runCli(['export', root, '--db', dbFile, '--format', 'csv', '--threshold', '0.5']);
    expect(cli.code, cli.stderr).toBe(0);
    const [header, ...lines] = cli.stdout.trim().split('\r\n');
    expect(header).toBe('path,blur_score,verdict,blur_type,burst_id,decision,rating,label');
    expect(lines).toHaveLength(rows.length);
  });

  it('writes decisions to XMP sidecars that exiftool reads, in both naming conventions, leaving photos untouched', async () => {
    const photos = await byName();
    const rejected = photos.get('IMG_0101.jpg')!;
    const kept = photos.get('IMG_0100.jpg')!;
    const sums = new Map([...photos.values()].map((p) => [p.path, sha256File(p.path)]));
    await client.call('decisions:set', { photoIds: [rejected.id], decision: 'trash' });
    await client.call('decisions:set', { photoIds: [kept.id], decision: 'keep' });

    // darktable-style sidecar already there: its history must survive the merge.
    const existing = path.join(root, 'IMG_0101.jpg.xmp');
    fs.writeFileSync(existing, `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:darktable="http://darktable.sf.net/" xmlns:dc="http://purl.org/dc/elements/1.1/" darktable:history_end="3">
<dc:subject><rdf:Bag><rdf:li>holiday</rdf:li></rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>`);
    await client.call('settings:set', { sidecarConvention: 'append-extension', keepLabel: 'Green' });
    expect(await client.call('sidecars:write', {})).toEqual({ written: 2, failed: [] });
    const dt = await exiftool().readRaw(existing, ['-XMP:all']) as Record<string, unknown>;
    expect(dt.Rating).toBe(-1);
    expect(dt.History_end).toBe(3);
    expect(dt.Subject).toBe('holiday');
    expect((await exiftool().readRaw(path.join(root, 'IMG_0100.jpg.xmp'), ['-XMP:all']) as Record<string, unknown>).Label).toBe('Green');

    const cli = await runCli(['sidecars', root, '--db', dbFile, '--convention', 'replace-extension', '--keep-label', 'Green']);
    expect(cli.code, cli.stderr).toBe(0);
    expect((await exiftool().readRaw(path.join(root, 'IMG_0101.xmp'), ['-XMP:all']) as Record<string, unknown>).Rating).toBe(-1);
    expect((await exiftool().readRaw(path.join(root, 'IMG_0100.xmp'), ['-XMP:all']) as Record<string, unknown>).Label).toBe('Green');
    for (const [p, sum] of sums) expect(sha256File(p), p).toBe(sum);
  });
});
