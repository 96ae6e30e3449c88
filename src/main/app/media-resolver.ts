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
 * Serves images by indexed photo id only. The renderer never names a file: a compromised page can
 * at worst ask for another photo of the library, never for /etc/passwd.
 */
export class MediaResolver {
  constructor(private readonly db: Database) {}

  async resolve(kind: MediaKind, id: number): Promise<MediaResponse | null> {
    const row = this.db.prepare("SELECT path, format, thumb_path AS thumbPath FROM photos WHERE id = ? AND status NOT IN ('missing', 'trashed')")
      .get(id) as { path: string; format: string; thumbPath: string | null } | undefined;
    if (!row) return null;
    try {
      if (kind === 'thumb') {
        if (!row.thumbPath) return null;
        return { contentType: 'image/webp', body: await fs.promises.readFile(row.thumbPath) };
      }
      const type = browserTypes[row.format];
      if (type) return { contentType: type, body: await fs.promises.readFile(row.path) };
      // What the browser engine cannot show is rendered to JPEG on request: a RAW by the preview it was judged from.
      if (row.format === 'raw') {
        const preview = await extractLargestPreview(row.path, 0);
        return { contentType: 'image/jpeg', body: await orientedJpeg(sharp(preview.jpeg), preview.orientation) };
      }
      if (row.format === 'heic') {
        const h = await decodeHeic(await fs.promises.readFile(row.path));
        return { contentType: 'image/jpeg', body: await sharp(h.data, { raw: { width: h.width, height: h.height, channels: h.channels } }).jpeg({ quality: 92 }).toBuffer() };
      }
      return { contentType: 'image/jpeg', body: await sharp(row.path, { limitInputPixels: 200_000_000 }).rotate().jpeg({ quality: 92 }).toBuffer() };
    } catch {
      return null;
    }
  }
}
