/** Domain types shared by the engine, the CLI and the renderer. No Node or DOM imports here. */

export type PhotoFormat = 'jpeg' | 'png' | 'tiff' | 'webp' | 'avif' | 'heic' | 'raw';

/** Lifecycle of a photo row in the library. */
export type PhotoStatus = 'pending' | 'scored' | 'error' | 'unsupported' | 'missing' | 'trashed';

export type Verdict = 'sharp' | 'blurry';
export type BlurType = 'defocus' | 'motion';
export type AnalysisLevel = 'standard' | 'strict';

export interface ExifSummary {
  make: string | null;
  model: string | null;
  lens: string | null;
  focalLength: number | null;
  focalLength35: number | null;
  exposureTime: number | null;
  fNumber: number | null;
  iso: number | null;
  takenAt: string | null;
}

/** Per-tile focus map, row-major. Values are blur probabilities quantised to 0..255. */
export interface TileMap {
  cols: number;
  rows: number;
  blur: Uint8Array;
  /** 1 where the tile was textured enough to count towards the photo score. */
  used: Uint8Array;
}

export interface BlurJudgement {
  blurScore: number;
  verdict: Verdict;
  blurType: BlurType | null;
  motionScore: number | null;
  tiles: TileMap;
}

/** The status a scan reports for each photo (the CLI's --json contract). */
export type ScanReportStatus = 'scored' | 'unchanged' | 'error' | 'unsupported';

export interface ScanReportLine {
  path: string;
  status: ScanReportStatus;
  blurScore: number | null;
  verdict: Verdict | null;
  error: string | null;
}

/** Errors cross process boundaries in this shape. */
export interface CrispError {
  code: string;
  message: string;
}
