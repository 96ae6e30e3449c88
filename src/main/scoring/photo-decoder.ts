import sharp, { type Metadata } from 'sharp';

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
  thumbnail: Buffer;
}

export class DecodeError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Display size of the photo scaled so its long edge is at most `longEdge` and its short edge at least `minEdge`. */
export function analysisSize(width: number, height: number, longEdge: number, minEdge: number): { width: number; height: number } {
  let scale = Math.min(1, longEdge / Math.max(width, height));
  if (Math.min(width, height) * scale < minEdge) scale = minEdge / Math.min(width, height);
  return { width: Math.max(minEdge, Math.round(width * scale)), height: Math.max(minEdge, Math.round(height * scale)) };
}

/**
 * Decodes the photo once, EXIF-rotated and resized to the analysis scale (libvips uses the
 * JPEG's shrink-on-load, so a 50 MP file never exists in memory at full size), and makes the
 * thumbnail from that same decoded image.
 */
export async function decodePhoto(input: Buffer, longEdge: number, minEdge: number, pixelLimit = DEFAULT_PIXEL_LIMIT): Promise<DecodedPhoto> {
  if (input.length === 0) throw new DecodeError('EMPTY_FILE', 'empty file (0 bytes)');
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw decodeErrorFrom(err);
  }
  if (!meta.width || !meta.height) throw new DecodeError('NOT_AN_IMAGE', 'no image dimensions found');
  const pixels = meta.width * meta.height;
  if (pixels > pixelLimit) {
    throw new DecodeError(
      'TOO_MANY_PIXELS',
      `image is ${meta.width}x${meta.height} (${Math.round(pixels / 1e6)} MP), over the ${Math.round(pixelLimit / 1e6)} MP safety limit`,
    );
  }
  const orientation = meta.orientation ?? 1;
  const rotated = orientation >= 5;
  const width = rotated ? meta.height : meta.width;
  const height = rotated ? meta.width : meta.height;
  const target = analysisSize(width, height, longEdge, minEdge);

  let analysis: AnalysisImage;
  try {
    const { data, info } = await sharp(input, { limitInputPixels: pixelLimit, failOn: 'truncated', sequentialRead: true })
      .rotate()
      .resize(target.width, target.height, { fit: 'fill', kernel: 'lanczos3', fastShrinkOnLoad: false })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new DecodeError('DECODE_FAILED', `decoded to ${info.channels} channels, expected 3`);
    analysis = { rgb: data, width: info.width, height: info.height };
  } catch (err) {
    throw decodeErrorFrom(err);
  }
  const thumbnail = await sharp(analysis.rgb, { raw: { width: analysis.width, height: analysis.height, channels: 3 } })
    .resize(THUMBNAIL_LONG_EDGE, THUMBNAIL_LONG_EDGE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 82, effort: 1 })
    .toBuffer();
  return { width, height, orientation, analysis, thumbnail };
}

function decodeErrorFrom(err: unknown): DecodeError {
  if (err instanceof DecodeError) return err;
  const msg = (err as Error).message ?? String(err);
  if (/unsupported image format/i.test(msg)) return new DecodeError('NOT_AN_IMAGE', 'not an image sharp can decode (unknown or corrupt format)');
  if (/pixel limit/i.test(msg)) return new DecodeError('TOO_MANY_PIXELS', 'image exceeds the pixel safety limit');
  if (/premature end|truncated|end of (file|stream)|not enough data|read error/i.test(msg)) {
    return new DecodeError('TRUNCATED', `image data is truncated or corrupt (${firstLine(msg)})`);
  }
  return new DecodeError('DECODE_FAILED', `could not decode image: ${firstLine(msg)}`);
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
