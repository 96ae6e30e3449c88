import sharp, { type Metadata, type Sharp } from 'sharp';
import { analysisSize } from '../../shared/tile-geometry.ts';

sharp.cache(false);

/** Refuses decompression bombs: 30000x30000 is 900 MP; the largest camera sensors today are ~150 MP. */
export const DEFAULT_PIXEL_LIMIT = 200_000_000;
export const THUMBNAIL_LONG_EDGE = 512;

export interface AnalysisImage {
  /** Interleaved 8-bit sRGB, 3 bytes per pixel. */
  rgb: Buffer;
  width: number;
  height: number;
}

export interface DecodedPhoto {
  /** Size as displayed, after EXIF rotation. */
  width: number;
  height: number;
  orientation: number;
  analysis: AnalysisImage;
}

/** Already-decoded pixels (HEIC via WebAssembly), or an encoded image with a known orientation (a RAW's preview). */
export type DecodeSource =
  | { kind: 'encoded'; data: Buffer; orientation?: number }
  /** A file too large to hold in memory: libvips reads it from disk as it decodes. */
  | { kind: 'file'; path: string; size: number }
  | { kind: 'pixels'; data: Buffer; width: number; height: number; channels: 3 | 4 };

export class DecodeError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * Decodes the photo once, EXIF-rotated and resized to the analysis scale (libvips uses the
 * JPEG's shrink-on-load, so a 50 MP file never exists in memory at full size). The thumbnail is
 * made from this same decoded image (makeThumbnail).
 */
export async function decodePhoto(source: Buffer | DecodeSource, longEdge: number, minEdge: number, pixelLimit = DEFAULT_PIXEL_LIMIT): Promise<DecodedPhoto> {
  const src: DecodeSource = Buffer.isBuffer(source) ? { kind: 'encoded', data: source } : source;
  const input = src.kind === 'file' ? src.path : src.data;
  // What the error heuristics may look at: the bytes when they are in memory.
  const bytes = src.kind === 'file' ? Buffer.alloc(0) : src.data;
  if ((src.kind === 'file' ? src.size : src.data.length) === 0) throw new DecodeError('EMPTY_FILE', 'empty file (0 bytes)');
  const open = (limit: number | false) => src.kind === 'pixels'
    ? sharp(src.data, { raw: { width: src.width, height: src.height, channels: src.channels } })
    : sharp(input, { limitInputPixels: limit, failOn: 'truncated', sequentialRead: true });
  let meta: Metadata;
  try {
    meta = src.kind === 'pixels' ? { width: src.width, height: src.height, orientation: 1 } as Metadata : await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw decodeErrorFrom(err, bytes);
  }
  if (!meta.width || !meta.height) throw new DecodeError('NOT_AN_IMAGE', 'no image dimensions found');
  const pixels = meta.width * meta.height;
  if (pixels > pixelLimit) {
    throw new DecodeError(
      'TOO_MANY_PIXELS',
      `image is ${meta.width}x${meta.height} (${Math.round(pixels / 1e6)} MP), over the ${Math.round(pixelLimit / 1e6)} MP safety limit`,
    );
  }
  const orientation = (src.kind === 'encoded' ? src.orientation : undefined) ?? meta.orientation ?? 1;
  const rotated = orientation >= 5;
  const width = rotated ? meta.height : meta.width;
  const height = rotated ? meta.width : meta.height;
  const target = analysisSize(width, height, longEdge, minEdge);

  let analysis: AnalysisImage;
  try {
    const { data, info } = await orient(open(pixelLimit), src.kind === 'encoded' && src.orientation !== undefined ? src.orientation : null)
      .resize(target.width, target.height, { fit: 'fill', kernel: 'lanczos3' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new DecodeError('DECODE_FAILED', `decoded to ${info.channels} channels, expected 3`);
    analysis = { rgb: data, width: info.width, height: info.height };
  } catch (err) {
    throw decodeErrorFrom(err, bytes);
  }
  return { width, height, orientation, analysis };
}

/** The analysis image downscaled by `scale` (lanczos3), or null where its short side would be under `minEdge`. */
export async function downscaleAnalysis(image: AnalysisImage, scale: number, minEdge: number): Promise<AnalysisImage | null> {
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  if (Math.min(width, height) < minEdge) return null;
  const { data, info } = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}

export interface Thumbnail {
  webp: Buffer;
  /** The same thumbnail as interleaved RGB, for the perceptual hash. */
  rgb: Buffer;
  width: number;
  height: number;
}

/** The cached thumbnail, made from the analysis image rather than a second decode of the file. */
export async function makeThumbnail(analysis: AnalysisImage): Promise<Thumbnail> {
  const { data, info } = await sharp(analysis.rgb, { raw: { width: analysis.width, height: analysis.height, channels: 3 } })
    .resize(THUMBNAIL_LONG_EDGE, THUMBNAIL_LONG_EDGE, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const webp = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).webp({ quality: 82, effort: 1 }).toBuffer();
  return { webp, rgb: data, width: info.width, height: info.height };
}

/** EXIF auto-orientation, or an explicit EXIF orientation the image itself does not carry. */
export function orient(img: Sharp, explicit: number | null): Sharp {
  if (explicit === null) return img.rotate();
  const steps: Record<number, (i: Sharp) => Sharp> = {
    1: (i) => i, 2: (i) => i.flop(), 3: (i) => i.rotate(180), 4: (i) => i.flip(),
    5: (i) => i.rotate(90).flop(), 6: (i) => i.rotate(90), 7: (i) => i.rotate(90).flip(), 8: (i) => i.rotate(270),
  };
  return (steps[explicit] ?? steps[1])(img);
}

function decodeErrorFrom(err: unknown, input: Buffer): DecodeError {
  if (err instanceof DecodeError) return err;
  const msg = (err as Error).message ?? String(err);
  if (/unsupported image format/i.test(msg)) return new DecodeError('NOT_AN_IMAGE', 'not an image sharp can decode (unknown or corrupt format)');
  if (/pixel limit/i.test(msg)) return new DecodeError('TOO_MANY_PIXELS', 'image exceeds the pixel safety limit');
  // With several decodes in flight libvips sometimes loses the message ("Unknown error"); a JPEG
  // without its end-of-image marker is truncated whatever the message says.
  if (/premature end|truncated|end of (file|stream)|not enough data|read error/i.test(msg) || isCutShortJpeg(input)) {
    return new DecodeError('TRUNCATED', `image data is truncated or corrupt (${firstLine(msg)})`);
  }
  return new DecodeError('DECODE_FAILED', `could not decode image: ${firstLine(msg)}`);
}

/** A JPEG (SOI marker first) whose last bytes hold no EOI marker. */
function isCutShortJpeg(data: Buffer): boolean {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return false;
  const tail = data.subarray(Math.max(0, data.length - 64));
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
  return true;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
