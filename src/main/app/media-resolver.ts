import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import sharp, { type Sharp } from 'sharp';
import { decodeHeic } from '../formats/heic-decoder.ts';
import { extractLargestPreview } from '../formats/raw-preview.ts';
import { orient } from '../scoring/photo-decoder.ts';

function orientedJpeg(img: Sharp, orientation: number): Promise<Buffer> {
  return orient(img, orientation).jpeg({ quality: 92 }).toBuffer();
}

export type MediaKind = 'thumb' | 'photo';

export interface MediaResponse {
  contentType: string;
  body: Buffer;
}

const browserTypes: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif' };

/** Parses `thumb/123` or `photo/123`; anything else (paths, dots, encodings) is refused. */
export function parseMediaPath(p: string): { kind: MediaKind; id: number } | null {
  const m = /^\/?(thumb|photo)\/([1-9]\d{0,15})$/.exec(p);
  return m ? { kind: m[1] as MediaKind, id: Number(m[2]) } : null;
}

/**
 * Reads a file only if it is a regular file itself, not a symlink (O_NOFOLLOW; lstat where the flag
 * does not exist), so a link planted in a library cannot make Crisp serve what it points to.
 */
export async function readRegularFile(file: string): Promise<Buffer | null> {
  const noFollow = fs.constants.O_NOFOLLOW ?? 0;
  if (!noFollow && !(await fs.promises.lstat(file).catch(() => null))?.isFile()) return null;
  const handle = await fs.promises.open(file, fs.constants.O_RDONLY | noFollow).catch(() => null);
  if (!handle) return null;
  try {
    return (await handle.stat()).isFile() ? await handle.readFile() : null;
  } finally {
    await handle.close();
  }
}

/**
 * Serves images by indexed photo id only, and only photos that were judged (status scored): a file
 * that failed to decode may not be a photo at all. The renderer never names a file: a compromised
 * page can at worst ask for another photo of the library, never for /etc/passwd.
 */
export class MediaResolver {
  constructor(private readonly db: Database) {}

  async resolve(kind: MediaKind, id: number): Promise<MediaResponse | null> {
    const row = this.db.prepare("SELECT path, format, thumb_path AS thumbPath FROM photos WHERE id = ? AND status = 'scored'")
      .get(id) as { path: string; format: string; thumbPath: string | null } | undefined;
    if (!row) return null;
    try {
      if (kind === 'thumb') {
        const body = row.thumbPath ? await readRegularFile(row.thumbPath) : null;
        return body ? { contentType: 'image/webp', body } : null;
      }
      if (row.format === 'raw') {
        // A RAW is shown by the preview it was judged from; the preview reader opens the file by path, so check it first.
        if (!(await fs.promises.lstat(row.path)).isFile()) return null;
        const preview = await extractLargestPreview(row.path, 0);
        return { contentType: 'image/jpeg', body: await orientedJpeg(sharp(preview.jpeg), preview.orientation) };
      }
      const bytes = await readRegularFile(row.path);
      if (!bytes) return null;
      const type = browserTypes[row.format];
      if (type) return { contentType: type, body: bytes };
      // What the browser engine cannot show is rendered to JPEG on request.
      if (row.format === 'heic') {
        const h = await decodeHeic(bytes);
        return { contentType: 'image/jpeg', body: await sharp(h.data, { raw: { width: h.width, height: h.height, channels: h.channels } }).jpeg({ quality: 92 }).toBuffer() };
      }
      return { contentType: 'image/jpeg', body: await sharp(bytes, { limitInputPixels: 200_000_000 }).rotate().jpeg({ quality: 92 }).toBuffer() };
    } catch {
      return null;
    }
  }
}
