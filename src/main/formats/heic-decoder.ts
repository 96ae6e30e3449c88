import decode from 'heic-decode';

/** Same safety limit as the JPEG decoder: refuse decompression bombs before allocating. */
const DEFAULT_PIXEL_LIMIT = 200_000_000;

export interface DecodedHeic {
  /** Interleaved 8-bit RGBA; feed to sharp as `{ raw: { width, height, channels: 4 } }`. */
  data: Buffer;
  width: number;
  height: number;
  channels: 4;
}

export class HeicDecodeError extends Error {
  constructor(readonly code: 'NOT_HEIC' | 'TOO_MANY_PIXELS' | 'DECODE_FAILED', message: string) {
    super(message);
  }
}

/**
 * Decodes the first image of a HEIC/HEIF file with libheif compiled to WebAssembly, since
 * sharp's prebuilt libvips has no HEVC decoder. The file's rotation and mirroring are applied.
 */
export async function decodeHeic(buf: Uint8Array, pixelLimit = DEFAULT_PIXEL_LIMIT): Promise<DecodedHeic> {
  if (!isHeif(buf)) throw new HeicDecodeError('NOT_HEIC', 'not a HEIC/HEIF file (no ftyp brand of the HEIF family)');
  let images: Awaited<ReturnType<typeof decode.all>>;
  try {
    images = await decode.all({ buffer: buf });
  } catch (err) {
    throw new HeicDecodeError('DECODE_FAILED', `could not decode HEIC: ${(err as Error).message}`);
  }
  try {
    const first = images[0];
    if (first.width * first.height > pixelLimit) {
      throw new HeicDecodeError('TOO_MANY_PIXELS', `image is ${first.width}x${first.height}, over the ${Math.round(pixelLimit / 1e6)} MP safety limit`);
    }
    const out = await first.decode().catch((err: Error) => {
      throw new HeicDecodeError('DECODE_FAILED', `could not decode HEIC: ${err.message}`);
    });
    return { data: Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength), width: out.width, height: out.height, channels: 4 };
  } finally {
    images.dispose();
  }
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

function isHeif(buf: Uint8Array): boolean {
  if (buf.length < 12) return false;
  const box = String.fromCharCode(...buf.subarray(4, 8));
  const brand = String.fromCharCode(...buf.subarray(8, 12));
  return box === 'ftyp' && HEIF_BRANDS.has(brand);
}
