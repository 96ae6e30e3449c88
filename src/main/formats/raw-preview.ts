import path from 'node:path';
import sharp from 'sharp';
import { exiftool } from './exiftool-process.ts';

/** The scorer's analysis scale: a preview with a shorter long edge would be upscaled and judged unfairly. */
export const MIN_PREVIEW_LONG_EDGE = 2048;

const RAW_EXTENSIONS = new Set([
  '.cr2', '.cr3', '.nef', '.nrw', '.arw', '.srf', '.sr2', '.dng', '.raf', '.orf', '.rw2', '.pef', '.srw', '.x3f', '.3fr', '.iiq', '.rwl',
]);

/** Tags that hold an embedded JPEG in the RAW formats exiftool knows. */
const PREVIEW_TAGS = ['JpgFromRaw', 'PreviewImage', 'OtherImage', 'ThumbnailImage'];

export interface RawPreview {
  jpeg: Buffer;
  width: number;
  height: number;
  /** Where the preview came from, e.g. "SubIFD1:PreviewImage". */
  tag: string;
  /** EXIF orientation of the RAW (1..8); embedded previews rarely carry their own. */
  orientation: number;
}

export class RawPreviewError extends Error {
  constructor(
    readonly code: 'NO_PREVIEW' | 'PREVIEW_TOO_SMALL',
    message: string,
    /** The best preview found, when it was too small. */
    readonly found?: { tag: string; width: number; height: number },
  ) {
    super(message);
  }
}

export function isRawPath(file: string): boolean {
  return RAW_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/**
 * Extracts the largest embedded JPEG preview (what Photo Mechanic shows), without decoding the
 * raw sensor data. Throws RawPreviewError when there is none, or none as large as `minLongEdge`.
 */
export async function extractLargestPreview(file: string, minLongEdge = MIN_PREVIEW_LONG_EDGE): Promise<RawPreview> {
  // One exiftool call returns every embedded JPEG (base64); files hold two or three at most.
  const tags = await exiftool().readRaw(file, ['-a', '-G1', '-n', '-b', '-Orientation', ...PREVIEW_TAGS.map((t) => `-${t}`)]) as Record<string, unknown>;
  let best: { tag: string; jpeg: Buffer; width: number; height: number } | null = null;
  for (const [tag, value] of Object.entries(tags)) {
    if (!PREVIEW_TAGS.includes(tag.split(':').pop()!) || typeof value !== 'string' || !value.startsWith('base64:')) continue;
    const jpeg = Buffer.from(value.slice('base64:'.length), 'base64');
    if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) continue;
    const meta = await sharp(jpeg).metadata().catch(() => null);
    if (!meta?.width || !meta.height || meta.format !== 'jpeg') continue;
    if (!best || meta.width * meta.height > best.width * best.height) best = { tag, jpeg, width: meta.width, height: meta.height };
  }
  if (!best) throw new RawPreviewError('NO_PREVIEW', `${path.basename(file)} has no embedded JPEG preview`);
  if (Math.max(best.width, best.height) < minLongEdge) {
    throw new RawPreviewError(
      'PREVIEW_TOO_SMALL',
      `preview too small: the largest embedded preview (${best.tag}) is ${best.width}x${best.height}, under the ${minLongEdge} px analysis scale`,
      { tag: best.tag, width: best.width, height: best.height },
    );
  }
  const orientation = orientationOf(tags);
  return { ...best, orientation };
}

function orientationOf(tags: Record<string, unknown>): number {
  const v = tags['IFD0:Orientation'] ?? Object.entries(tags).find(([k]) => k.endsWith(':Orientation'))?.[1];
  return typeof v === 'number' && v >= 1 && v <= 8 ? v : 1;
}
