import type { ExifSummary } from '../../shared/photo-types.ts';

export function formatShutter(seconds: number): string {
  if (seconds >= 1) return `${Number(seconds.toFixed(1))} s`;
  return `1/${Math.round(1 / seconds)} s`;
}

export function formatAperture(f: number): string {
  return `f/${Number(f.toFixed(1))}`;
}

export function formatFocal(exif: ExifSummary): string | null {
  if (exif.focalLength === null) return exif.focalLength35 !== null ? `${Math.round(exif.focalLength35)} mm (35 mm eq.)` : null;
  const real = `${Number(exif.focalLength.toFixed(1))} mm`;
  return exif.focalLength35 !== null && Math.round(exif.focalLength35) !== Math.round(exif.focalLength)
    ? `${real} (${Math.round(exif.focalLength35)} mm eq.)`
    : real;
}

/**
 * The reciprocal rule: hand-held shots slower than 1/(35 mm-equivalent focal length) risk
 * visible camera shake. Without an equivalent focal length the real one is the safer guess
 * only on full frame, so we don't guess.
 */
export function shakeRisk(exif: ExifSummary): { limit: number } | null {
  const focal = exif.focalLength35;
  if (!focal || !exif.exposureTime) return null;
  const limit = 1 / focal;
  return exif.exposureTime > limit * 1.0001 ? { limit } : null;
}
