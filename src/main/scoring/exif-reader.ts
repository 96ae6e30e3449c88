import exifr from 'exifr';
import type { ExifSummary } from '../../shared/photo-types.ts';

const emptyExif: ExifSummary = {
  make: null, model: null, lens: null, focalLength: null, focalLength35: null,
  exposureTime: null, fNumber: null, iso: null, takenAt: null,
};

/** Reads the handful of EXIF fields a photographer judges sharpness by. Missing or corrupt EXIF is not an error. */
export async function readExif(input: Buffer): Promise<ExifSummary> {
  let raw: Record<string, unknown> | undefined;
  try {
    raw = await exifr.parse(input, {
      tiff: true, exif: true, gps: false, interop: false, ifd1: false, xmp: false, icc: false, iptc: false,
      reviveValues: false, translateValues: false,
      pick: ['Make', 'Model', 'LensModel', 'LensMake', 'FocalLength', 'FocalLengthIn35mmFormat', 'ExposureTime',
        'FNumber', 'ISO', 'ISOSpeedRatings', 'PhotographicSensitivity', 'DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal'],
    });
  } catch {
    return { ...emptyExif };
  }
  if (!raw) return { ...emptyExif };
  return {
    make: text(raw.Make),
    model: text(raw.Model),
    lens: text(raw.LensModel),
    focalLength: num(raw.FocalLength),
    focalLength35: num(raw.FocalLengthIn35mmFormat),
    exposureTime: num(raw.ExposureTime),
    fNumber: num(raw.FNumber),
    iso: num(raw.ISO ?? raw.ISOSpeedRatings ?? raw.PhotographicSensitivity),
    takenAt: exifDate(raw.DateTimeOriginal ?? raw.CreateDate, raw.OffsetTimeOriginal),
  };
}

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.replace(/\0/g, '').trim();
  return t.length > 0 ? t : null;
}

function num(v: unknown): number | null {
  const n = Array.isArray(v) ? v[0] : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** EXIF dates are "YYYY:MM:DD HH:MM:SS" in camera-local time; keep them local unless an offset is recorded. */
function exifDate(v: unknown, offset: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(v.trim());
  if (!m || m[1] === '0000') return null;
  const tz = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : '';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${tz}`;
}
