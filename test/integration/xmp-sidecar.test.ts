import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSidecar, sidecarPath, writeDecision, type SidecarDecision } from '../../src/main/sidecars/xmp-sidecar.ts';

// Shapes as darktable 4.x and Lightroom Classic write them: attributes for simple values, structures for the rest.
const DARKTABLE_SIDECAR = `<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:darktable="http://darktable.sf.net/"
   xmp:Rating="3"
   xmpMM:DerivedFrom="IMG_1234.CR2"
   darktable:xmp_version="5"
   darktable:history_end="2">
   <dc:subject>
    <rdf:Bag>
     <rdf:li>harbour</rdf:li>
     <rdf:li>sunset</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <darktable:history>
    <rdf:Seq>
     <rdf:li darktable:num="0" darktable:operation="exposure" darktable:enabled="1" darktable:modversion="6" darktable:params="0000000000000000" darktable:multi_name=""/>
     <rdf:li darktable:num="1" darktable:operation="sharpen" darktable:enabled="1" darktable:modversion="1" darktable:params="000000400000003f" darktable:multi_name=""/>
    </rdf:Seq>
   </darktable:history>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
`;

const LIGHTROOM_SIDECAR = `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000 1.000000, 0000/00/00-00:00:00        ">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
   crs:Version="15.0"
   crs:Exposure2012="+0.35"
   crs:Sharpness="40">
   <xmp:Label>Red</xmp:Label>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
`;

const exiftool = new ExifTool({ maxProcs: 1 });
afterAll(() => exiftool.end());

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crisp-xmp-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const trash: SidecarDecision = { decision: 'trash', blurScore: 0.8731, verdict: 'blurry', blurType: 'motion', modelVersion: 'crisp-blur-1.0.0' };

function photo(name: string, bytes = 'not really a photo; must stay untouched'): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

async function xmpTags(file: string): Promise<Record<string, unknown>> {
  return exiftool.readRaw(file, ['-G1', '-a', '-struct']);
}

describe('sidecarPath', () => {
  it('follows both naming conventions', () => {
    expect(sidecarPath('/p/IMG_1234.CR2', 'replace-extension')).toBe('/p/IMG_1234.xmp');
    expect(sidecarPath('/p/IMG_1234.CR2', 'append-extension')).toBe('/p/IMG_1234.CR2.xmp');
    expect(sidecarPath('/p/my.trip/IMG_1', 'replace-extension')).toBe('/p/my.trip/IMG_1.xmp');
  });
});

describe('writeDecision', () => {
  it.each(['replace-extension', 'append-extension'] as const)('creates a new sidecar exiftool reads (%s)', async (convention) => {
    const raw = photo('IMG_0001.CR2');
    const written = await writeDecision(raw, trash, convention);
    expect(written).toBe(sidecarPath(raw, convention));
    const tags = await xmpTags(written);
    expect(tags['XMP-xmp:Rating']).toBe(-1);
    expect(tags['XMP-crisp:BlurScore']).toBe(0.8731);
    expect(tags['XMP-crisp:Verdict']).toBe('blurry');
    expect(tags['XMP-crisp:BlurType']).toBe('motion');
    expect(tags['XMP-crisp:ModelVersion']).toBe('crisp-blur-1.0.0');
    expect(fs.readFileSync(raw, 'utf8')).toBe('not really a photo; must stay untouched');
    expect(fs.readdirSync(dir).sort()).toEqual(['IMG_0001.CR2', path.basename(written)].sort());
  });

  it('merges into a darktable sidecar without losing its history or keywords', async () => {
    const raw = photo('IMG_1234.CR2');
    fs.writeFileSync(`${raw}.xmp`, DARKTABLE_SIDECAR);
    await writeDecision(raw, trash, 'append-extension');
    const tags = await xmpTags(`${raw}.xmp`);
    expect(tags['XMP-xmp:Rating']).toBe(-1);
    expect(tags['XMP-dc:Subject']).toEqual(['harbour', 'sunset']);
    expect(tags['XMP-darktable:XmpVersion'] ?? tags['XMP-darktable:Xmp_version']).toBe(5);
    const history = tags['XMP-darktable:History'] as Array<Record<string, unknown>>;
    expect(history.map((h) => h.Operation ?? h.operation)).toEqual(['exposure', 'sharpen']);
    expect(tags['XMP-xmpMM:DerivedFrom']).toBe('IMG_1234.CR2');
    expect(tags['XMP-crisp:Verdict']).toBe('blurry');
  });

  it('merges into a Lightroom sidecar, keeps crs: settings and replaces an element-form label', async () => {
    const raw = photo('DSC_0042.NEF');
    fs.writeFileSync(path.join(dir, 'DSC_0042.xmp'), LIGHTROOM_SIDECAR);
    await writeDecision(raw, { ...trash, decision: 'keep', keepLabel: 'Green', verdict: 'sharp', blurType: null, blurScore: 0.12 }, 'replace-extension');
    const tags = await xmpTags(path.join(dir, 'DSC_0042.xmp'));
    expect(tags['XMP-crs:Exposure2012']).toBe('+0.35');
    expect(tags['XMP-crs:Sharpness']).toBe(40);
    expect(String(tags['XMP-crs:Version'])).toMatch(/^15(\.0)?$/);
    expect(tags['XMP-xmp:Label']).toBe('Green');
    expect(tags['XMP-xmp:Rating']).toBeUndefined();
    expect(tags['XMP-crisp:BlurType']).toBeUndefined();
    const text = fs.readFileSync(path.join(dir, 'DSC_0042.xmp'), 'utf8');
    expect(text.match(/Label/g)).toHaveLength(1);
  });

  it('a later keep lifts an earlier reject, and a keep rating is written as xmp:Rating', async () => {
    const raw = photo('IMG_0002.ARW');
    await writeDecision(raw, trash, 'append-extension');
    await writeDecision(raw, { ...trash, decision: 'keep' }, 'append-extension');
    expect((await readSidecar(raw))?.rating).toBe(0);
    await writeDecision(raw, { ...trash, decision: 'keep', keepRating: 4 }, 'append-extension');
    expect((await xmpTags(`${raw}.xmp`))['XMP-xmp:Rating']).toBe(4);
  });

  it('refuses to overwrite a sidecar it cannot parse', async () => {
    const raw = photo('IMG_0003.DNG');
    fs.writeFileSync(`${raw}.xmp`, '<x:xmpmeta><rdf:RDF>broken');
    await expect(writeDecision(raw, trash, 'append-extension')).rejects.toMatchObject({ code: 'SIDECAR_UNREADABLE' });
    expect(fs.readFileSync(`${raw}.xmp`, 'utf8')).toBe('<x:xmpmeta><rdf:RDF>broken');
  });

  it('never treats a sidecar path as the photo', async () => {
    await expect(writeDecision(path.join(dir, 'a.xmp'), trash, 'replace-extension')).rejects.toMatchObject({ code: 'INVALID_TARGET' });
  });
});

describe('readSidecar', () => {
  it('reads ratings, labels and rejects other tools wrote, in either convention', async () => {
    const raw = photo('IMG_1234.CR2');
    expect(await readSidecar(raw)).toBeNull();
    fs.writeFileSync(path.join(dir, 'IMG_1234.xmp'), LIGHTROOM_SIDECAR);
    expect(await readSidecar(raw)).toMatchObject({ rating: null, label: 'Red', rejected: false, crisp: null });
    fs.writeFileSync(`${raw}.xmp`, DARKTABLE_SIDECAR);
    expect(await readSidecar(raw)).toMatchObject({ path: `${raw}.xmp`, rating: 3, label: null, rejected: false });
  });

  it('reads back a reject and the Crisp verdict', async () => {
    const raw = photo('P1000001.RW2');
    await writeDecision(raw, trash, 'replace-extension');
    expect(await readSidecar(raw)).toMatchObject({ rating: -1, rejected: true, crisp: { decision: 'trash', blurScore: 0.8731, verdict: 'blurry' } });
  });

  it('reads a rejection written by exiftool itself', async () => {
    const raw = photo('IMG_9.ORF');
    await exiftool.write(`${raw}.xmp`, { Rating: -1, Label: 'Purple' } as never);
    expect(await readSidecar(raw)).toMatchObject({ rating: -1, rejected: true, label: 'Purple' });
  });
});
