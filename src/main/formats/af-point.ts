export interface AfPoint {
  /** 0..1 across the photo as displayed (after EXIF orientation), 0,0 top-left. */
  x: number;
  y: number;
  /** Which metadata gave it, e.g. "Canon AFInfo". */
  source: string;
}

type Tags = Record<string, unknown>;

/**
 * The focus point from the maker notes (or EXIF SubjectArea), normalized to the oriented image.
 * Null when the camera recorded none, or only a named point whose position we would have to guess.
 */
export function afPointFrom(tags: Tags): AfPoint | null {
  const found = canon(tags) ?? nikon(tags) ?? panasonic(tags) ?? sony(tags) ?? olympus(tags) ?? subjectArea(tags);
  if (!found || !(found.x >= 0 && found.x <= 1 && found.y >= 0 && found.y <= 1)) return null;
  const orientation = typeof tags.Orientation === 'number' ? tags.Orientation : 1;
  return { ...orient(found.x, found.y, orientation), source: found.source };
}

function canon(t: Tags): AfPoint | null {
  const w = num(t.AFImageWidth);
  const h = num(t.AFImageHeight);
  const xs = nums(t.AFAreaXPositions);
  const ys = nums(t.AFAreaYPositions);
  if (!w || !h || xs.length === 0 || xs.length !== ys.length) return null;
  let points = setBits(t.AFPointsInFocus).filter((i) => i < xs.length);
  if (points.length === 0) points = setBits(t.AFPointsSelected).filter((i) => i < xs.length);
  if (points.length === 0) return null;
  // Coordinates are from the image centre; Y points up on EOS bodies and down on PowerShots (exiftool's Canon notes).
  const yUp = /EOS/i.test(String(t.Model ?? ''));
  const cx = mean(points.map((i) => xs[i]));
  const cy = mean(points.map((i) => ys[i]));
  return { x: 0.5 + cx / w, y: 0.5 + (yUp ? -cy : cy) / h, source: 'Canon AFInfo' };
}

function nikon(t: Tags): AfPoint | null {
  const w = num(t.AFImageWidth);
  const h = num(t.AFImageHeight);
  const x = num(t.AFAreaXPosition);
  const y = num(t.AFAreaYPosition);
  if (w && h && x !== null && y !== null) return { x: x / w, y: y / h, source: 'Nikon AFInfo2' };
  // Older bodies name the point; only the centre one has a position that holds for every model.
  if (/^NIKON/i.test(String(t.Make ?? '')) && /^Center\b/.test(String(t.AFPoint ?? ''))) return { x: 0.5, y: 0.5, source: 'Nikon AFPoint' };
  return null;
}

function panasonic(t: Tags): AfPoint | null {
  const v = nums(t.AFPointPosition);
  return v.length === 2 ? { x: v[0], y: v[1], source: 'Panasonic AFPointPosition' } : null;
}

function sony(t: Tags): AfPoint | null {
  const v = nums(t.FocusLocation);
  return v.length === 4 && v[0] > 0 && v[1] > 0 ? { x: v[2] / v[0], y: v[3] / v[1], source: 'Sony FocusLocation' } : null;
}

function olympus(t: Tags): AfPoint | null {
  // Left, top, right, bottom of the selected area as fractions of the frame.
  const v = nums(t.AFPointSelected);
  if (v.length !== 4 || v.every((n) => n === 0)) return null;
  return { x: (v[0] + v[2]) / 2, y: (v[1] + v[3]) / 2, source: 'Olympus AFPointSelected' };
}

function subjectArea(t: Tags): AfPoint | null {
  const v = nums(t.SubjectArea);
  const w = num(t.ExifImageWidth);
  const h = num(t.ExifImageHeight);
  return v.length >= 2 && w && h ? { x: v[0] / w, y: v[1] / h, source: 'EXIF SubjectArea' } : null;
}

/** Maps a point on the stored (sensor) image to the image as displayed after EXIF orientation. */
export function orient(x: number, y: number, orientation: number): { x: number; y: number } {
  switch (orientation) {
    case 2: return { x: 1 - x, y };
    case 3: return { x: 1 - x, y: 1 - y };
    case 4: return { x, y: 1 - y };
    case 5: return { x: y, y: x };
    case 6: return { x: 1 - y, y: x };
    case 7: return { x: 1 - y, y: 1 - x };
    case 8: return { x: y, y: 1 - x };
    default: return { x, y };
  }
}

/** Indices of set bits in a bitmask exiftool prints (with -n) as one or more 16-bit words. */
function setBits(v: unknown): number[] {
  const words = nums(v);
  const out: number[] = [];
  words.forEach((word, w) => {
    for (let b = 0; b < 16; b++) if ((word >> b) & 1) out.push(w * 16 + b);
  });
  return out;
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

function nums(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (typeof v !== 'string') return [];
  const parts = v.trim().split(/\s+/).map(Number);
  return parts.every(Number.isFinite) ? parts : [];
}

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}
