import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';

export const fixtureDir = path.resolve(import.meta.dirname, '../fixtures/photos');
export const fixturePhotos = ['astronaut.png', 'camera.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'];

export function tempDir(prefix = 'crisp-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A normalised disk (pillbox) kernel: what an out-of-focus lens does to a point. */
export function diskKernel(diameter: number): { width: number; height: number; kernel: number[] } {
  const size = Math.ceil(diameter) | 1;
  const r = diameter / 2;
  const c = (size - 1) / 2;
  const kernel: number[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Area coverage by 4x4 supersampling gives a smooth rim.
      let inside = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
        const dx = x - c + (sx + 0.5) / 4 - 0.5;
        const dy = y - c + (sy + 0.5) / 4 - 0.5;
        if (dx * dx + dy * dy <= r * r) inside++;
      }
      kernel.push(inside / 16);
    }
  }
  const sum = kernel.reduce((a, b) => a + b, 0);
  return { width: size, height: size, kernel: kernel.map((k) => k / sum) };
}

/** A horizontal motion kernel `length` px long. */
export function motionKernel(length: number): { width: number; height: number; kernel: number[] } {
  const size = length | 1;
  const kernel = new Array(size * size).fill(0);
  const mid = (size - 1) / 2;
  for (let x = 0; x < size; x++) kernel[mid * size + x] = 1 / size;
  return { width: size, height: size, kernel };
}

function parentOf(dest: string): string {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  return dest;
}

export async function writeDefocused(src: string, dest: string, diameter: number): Promise<void> {
  parentOf(dest);
  await sharp(src).toColourspace('srgb').convolve(diskKernel(diameter)).jpeg({ quality: 95 }).toFile(dest);
}

/** How a phone's processing sharpens what the lens and the hand left soft. */
const PHONE_SHARPEN = { sigma: 1.5, m1: 1, m2: 3 };

/** A phone shot far out of focus: enlarged 2x (a phone's pixel count), defocused, then sharpened as a phone's processing does. */
export async function writePhoneDefocused(src: string, dest: string, diameter: number): Promise<void> {
  parentOf(dest);
  const { width } = await sharp(src).metadata();
  await sharp(src).toColourspace('srgb').removeAlpha().resize(width! * 2).convolve(diskKernel(diameter))
    .sharpen(PHONE_SHARPEN).jpeg({ quality: 88 }).toFile(dest);
}

/** A shaken phone shot: enlarged 2x (a phone's pixel count), seen through `taps` (writeThroughKernel), then sharpened as a phone's processing does. */
export async function writePhoneShaken(src: string, dest: string, taps: Taps): Promise<void> {
  parentOf(dest);
  const { width } = await sharp(src).metadata();
  const [enlarged, shaken] = [`${dest}.enlarged.png`, `${dest}.shaken.jpg`];
  await sharp(src).toColourspace('srgb').removeAlpha().resize(width! * 2).png().toFile(enlarged);
  await writeThroughKernel(enlarged, shaken, taps);
  await sharp(shaken).sharpen(PHONE_SHARPEN).jpeg({ quality: 88 }).toFile(dest);
  for (const f of [enlarged, shaken]) fs.rmSync(f);
}

export async function writeMotionBlurred(src: string, dest: string, length: number): Promise<void> {
  parentOf(dest);
  await sharp(src).toColourspace('srgb').convolve(motionKernel(length)).jpeg({ quality: 95 }).toFile(dest);
}

/**
 * Shallow depth of field: the photo stays sharp inside a central ellipse covering `subject` of the
 * frame (a soft 6 px edge) and is defocused with a `diameter` px disk outside it.
 */
export async function writeShallowFocus(src: string, dest: string, subject: number, diameter: number): Promise<void> {
  await writeSubjectOver(src, dest, subject, diskKernel(diameter));
}

/**
 * A panned shot: the camera followed the subject, which stays sharp inside the same central ellipse, while
 * the background streaks along a `length` px horizontal trail.
 */
export async function writePanned(src: string, dest: string, subject: number, length: number): Promise<void> {
  await writeSubjectOver(src, dest, subject, motionKernel(length));
}

async function writeSubjectOver(src: string, dest: string, subject: number, kernel: ReturnType<typeof diskKernel>): Promise<void> {
  parentOf(dest);
  const sharpRgb = await sharp(src).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = sharpRgb.info;
  const blurred = await sharp(sharpRgb.data, { raw: { width: w, height: h, channels: 3 } }).convolve(kernel).raw().toBuffer();
  // Ellipse with the frame's aspect: pi * (w rx)(h rx) = subject * w * h.
  const r = Math.sqrt(subject / Math.PI);
  const out = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = Math.hypot((x - w / 2) / (r * w), (y - h / 2) / (r * h));
      const inside = Math.min(1, Math.max(0, (1 - d) * Math.min(r * w, r * h) / 6 + 0.5));
      for (let c = 0; c < 3; c++) {
        const i = (y * w + x) * 3 + c;
        out[i] = Math.round(sharpRgb.data[i] * inside + blurred[i] * (1 - inside));
      }
    }
  }
  await sharp(out, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 95 }).toFile(dest);
}

export async function writeScaled(src: string, dest: string, factor: number): Promise<void> {
  parentOf(dest);
  const meta = await sharp(src).metadata();
  await sharp(src).resize(Math.round(meta.width! * factor), Math.round(meta.height! * factor), { kernel: 'lanczos3' })
    .jpeg({ quality: 95 }).toFile(dest);
}

/** One shot as a camera writes RAW+JPEG: IMG_1234.JPG (the coffee fixture) beside IMG_1234.EXT, a copy of test/fixtures/raw/`raw`. */
export async function writeRawJpegPair(dir: string, raw: string): Promise<void> {
  const [jpeg] = await writeSharpSet(dir, ['coffee.png']);
  fs.renameSync(jpeg, path.join(dir, 'IMG_1234.JPG'));
  fs.copyFileSync(path.join(fixtureDir, '../raw', raw), path.join(dir, `IMG_1234${path.extname(raw).toUpperCase()}`));
}

/** Where a generated variant of fixture `name` lives, relative to a scan root: FOLDER/STEM.jpg. */
export function variantJpeg(folder: string, name: string): string {
  return path.join(folder, `${name.replace(/\.\w+$/, '')}.jpg`);
}

/** Copies the fixture set, as JPEG, into `dir`. */
export async function writeSharpSet(dir: string, names = fixturePhotos): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const name of names) {
    const dest = path.join(dir, name.replace(/\.\w+$/, '.jpg'));
    await sharp(path.join(fixtureDir, name)).jpeg({ quality: 95 }).toFile(dest);
    out.push(dest);
  }
  return out;
}

/**
 * A real PNG claiming 30000x30000 pixels with all its (1-bit, highly compressible) data present:
 * 900 MP that would take gigabytes to decode, from a file of a few hundred kilobytes.
 */
export function writeDecompressionBomb(dest: string, side = 30000): void {
  const rowBytes = Math.ceil(side / 8) + 1;
  const raw = Buffer.alloc(rowBytes * side);
  const idat = zlib.deflateSync(raw, { level: 9 });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  fs.writeFileSync(dest, Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0)),
  ]));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A seeded uniform generator (mulberry32): generated scenes and fault sequences are the same on every run, and a failing seed replays. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sparse kernel taps: offsets in px and weights summing to 1. */
export type Taps = { dx: number; dy: number; w: number }[];

/**
 * A hand-shake path as kernel taps: the camera drifts `length` px while circling `turns` half-turns (a loop, as a
 * slow shutter held by hand draws), sampled evenly in time so every part of the path gets the same exposure.
 */
export function handShakeTaps(length: number, turns: number): Taps {
  const samples = 2000;
  const path: Taps = [];
  for (let i = 0; i < samples; i++) {
    const t = i / (samples - 1);
    const a = turns * Math.PI * t;
    path.push({ dx: Math.round(length * t * Math.cos(a)), dy: Math.round(0.5 * length * Math.sin(a)), w: 1 / samples });
  }
  return mergeTaps(path);
}

/** Taps on the same pixel offset merged into one, their weights added, in order of first appearance. */
function mergeTaps(taps: Taps): Taps {
  const merged = new Map<string, { dx: number; dy: number; w: number }>();
  for (const { dx, dy, w } of taps) {
    const key = `${dx},${dy}`;
    const tap = merged.get(key);
    if (tap) tap.w += w;
    else merged.set(key, { dx: dx + 0, dy: dy + 0, w }); // + 0: -0 from Math.round counts as 0
  }
  return [...merged.values()];
}

/** A double exposure: the camera rested at two places `dx, dy` px apart, `second` of the light at the second. */
export function doubledTaps(dx: number, dy: number, second = 0.5): Taps {
  return [{ dx: 0, dy: 0, w: 1 - second }, { dx, dy, w: second }];
}

/**
 * The shake a hand more often makes: a move of `length` px at `angle` (radians) that dwells at both ends (70 % of
 * the exposure, split evenly) and passes quickly between them (the rest, spread along the path).
 */
export function dwellTaps(length: number, angle: number): Taps {
  const end = { dx: Math.round(length * Math.cos(angle)), dy: Math.round(length * Math.sin(angle)) };
  const path: Taps = [{ dx: 0, dy: 0, w: 0.35 }, { ...end, w: 0.35 }];
  const steps = 40;
  for (let i = 1; i < steps; i++) path.push({ dx: Math.round((end.dx * i) / steps), dy: Math.round((end.dy * i) / steps), w: 0.3 / (steps - 1) });
  return mergeTaps(path);
}

const toLinear = (v: number) => { const c = v / 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
const toSrgb = (l: number) => { const c = Math.min(1, Math.max(0, l)); return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055); };

export interface SceneOptions {
  /** Scale of the scene's light (0.25 for dusk), in linear light. */
  exposure?: number;
  /** Point lights (street lamps, string lights, glints), brighter than white, at seeded places. */
  lights?: number;
  seed?: number;
}

/**
 * Writes `src` as a scene in linear light (optionally darkened and sprinkled with point lights far
 * brighter than white, as at night) seen through the `taps` kernel, then clipped as a sensor clips and
 * saved as JPEG q92. With taps = [{dx: 0, dy: 0, w: 1}] the scene stays sharp.
 */
export async function writeThroughKernel(src: string, dest: string, taps: Taps, opts: SceneOptions = {}): Promise<void> {
  parentOf(dest);
  const { data, info } = await sharp(src).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const lin = new Float32Array(w * h * 3);
  for (let i = 0; i < lin.length; i++) lin[i] = toLinear(data[i]) * (opts.exposure ?? 1);
  const rnd = seededRandom(opts.seed ?? 1);
  for (let n = 0; n < (opts.lights ?? 0); n++) {
    const x = Math.floor(rnd() * (w - 2)), y = Math.floor(rnd() * (h - 2));
    const gain = 4 + 8 * rnd();
    const tint = [1, 0.75 + 0.2 * rnd(), 0.4 + 0.3 * rnd()];
    for (let c = 0; c < 3; c++) {
      lin[(y * w + x) * 3 + c] += gain * tint[c];
      lin[(y * w + x + 1) * 3 + c] += 0.5 * gain * tint[c];
      lin[((y + 1) * w + x) * 3 + c] += 0.5 * gain * tint[c];
    }
  }
  const out = new Float32Array(lin.length);
  for (const { dx, dy, w: k } of taps) {
    for (let y = 0; y < h; y++) {
      const sy = Math.min(h - 1, Math.max(0, y - dy));
      for (let x = 0; x < w; x++) {
        const sx = Math.min(w - 1, Math.max(0, x - dx));
        const o = (y * w + x) * 3, s = (sy * w + sx) * 3;
        out[o] += k * lin[s]; out[o + 1] += k * lin[s + 1]; out[o + 2] += k * lin[s + 2];
      }
    }
  }
  const bytes = Buffer.alloc(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = Math.round(toSrgb(out[i]));
  await sharp(bytes, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 92 }).toFile(dest);
}
