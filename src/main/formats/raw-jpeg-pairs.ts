import path from 'node:path';
import { photoFormatOf } from '../library/photo-formats.ts';

/**
 * Groups RAW+JPEG (and RAW+HEIF) shots: files in one folder with the same name before the
 * extension are one shot, and a decision applies to all of them. Returns every input path
 * once: as a key (the RAW of a pair, or a photo on its own, with no companions) or as a
 * companion of one. Without a RAW, same-named files stay separate photos.
 */
export function pairRawJpeg(paths: string[]): Map<string, string[]> {
  const byShot = new Map<string, string[]>();
  for (const p of paths) {
    const key = shotKey(p);
    const list = byShot.get(key) ?? [];
    list.push(p);
    byShot.set(key, list);
  }
  const out = new Map<string, string[]>();
  for (const files of byShot.values()) {
    const raws = files.filter((f) => photoFormatOf(f) === 'raw').sort();
    if (raws.length === 0) {
      for (const f of files) out.set(f, []);
      continue;
    }
    const primary = raws[0];
    out.set(primary, files.filter((f) => f !== primary).sort());
  }
  return out;
}

function shotKey(p: string): string {
  const ext = path.extname(p);
  // Some import tools lower-case names; the folder stays exact, as the filesystem may be case-sensitive.
  return `${path.dirname(p)}\u0000${path.basename(p, ext).toLowerCase()}`;
}
