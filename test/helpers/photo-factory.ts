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

export async function writeMotionBlurred(src: string, dest: string, length: number): Promise<void> {
  parentOf(dest);
  await sharp(src).toColourspace('srgb').convolve(motionKernel(length)).jpeg({ quality: 95 }).toFile(dest);
}

/**
 * Shallow depth of field: the photo stays sharp inside a central ellipse covering `subject` of the
 * frame (a soft 6 px edge) and is defocused with a `diameter` px disk outside it.
 */
export async function writeShallowFocus(src: string, dest: string, subject: number, diameter: number): Promise<void> {
  parentOf(dest);
  const sharpRgb = await sharp(src).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = sharpRgb.info;
  const blurred = await sharp(sharpRgb.data, { raw: { width: w, height: h, channels: 3 } }).convolve(diskKernel(diameter)).raw().toBuffer();
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

