import { afPointFrom, type AfPoint } from './af-point.ts';
import { closeExiftool, exiftool } from './exiftool-process.ts';

export type { AfPoint } from './af-point.ts';

export interface ExifDetails {
  make: string | null;
  model: string | null;
  lens: string | null;
  /** ISO 8601 with sub-seconds when recorded; camera-local unless an offset was recorded. */
  takenAt: string | null;
  orientation: number;
  afPoint: AfPoint | null;
}

// `#` asks exiftool for the raw value; the named AF points and lens names stay human-readable.
const ARGS = [
  '-Make', '-Model', '-LensModel', '-LensID', '-Lens', '-DateTimeOriginal', '-SubSecTimeOriginal', '-OffsetTimeOriginal',
  '-Orientation#', '-AFImageWidth#', '-AFImageHeight#', '-AFAreaXPositions#', '-AFAreaYPositions#', '-AFPointsInFocus#',
  '-AFPointsSelected#', '-AFAreaXPosition#', '-AFAreaYPosition#', '-AFPoint', '-AFPointPosition#', '-FocusLocation#',
  '-AFPointSelected#', '-SubjectArea#', '-ExifImageWidth#', '-ExifImageHeight#',
];

/** Reads camera, lens, capture time and the AF point through exiftool, which knows every maker's notes. */
export async function readExifDetails(file: string): Promise<ExifDetails> {
  const tags = await exiftool().readRaw(file, ARGS) as Record<string, unknown>;
  return {
    make: text(tags.Make),
    model: text(tags.Model),
    lens: text(tags.LensModel) ?? text(tags.LensID) ?? text(tags.Lens),
    takenAt: isoDate(tags.DateTimeOriginal, tags.SubSecTimeOriginal, tags.OffsetTimeOriginal),
    orientation: typeof tags.Orientation === 'number' && tags.Orientation >= 1 && tags.Orientation <= 8 ? tags.Orientation : 1,
    afPoint: afPointFrom(tags),
  };
}

/** Stops the shared exiftool process; call on shutdown (and after tests). */
export const close = closeExiftool;

function text(v: unknown): string | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const t = String(v).replace(/\0/g, '').trim();
  return t.length > 0 && !/^unknown\b/i.test(t) ? t : null;
}

function isoDate(v: unknown, subSec: unknown, offset: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(v.trim());
  if (!m || m[1] === '0000') return null;
  const frac = /^\d+$/.test(String(subSec ?? '').trim()) ? `.${String(subSec).trim()}` : '';
  const tz = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : '';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${frac}${tz}`;
}
