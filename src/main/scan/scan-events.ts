import type { BlurType, ScanReportLine } from '../../shared/photo-types.ts';

/** Stages a scan moves through; the same events drive the CLI's progress bar and the app's. */
export type ScanStage = 'walking' | 'scoring' | 'done' | 'cancelled';

export interface ScanProgress {
  stage: ScanStage;
  found: number;
  /** Photos that need scoring in this run, and how many of them are finished. */
  toScore: number;
  scored: number;
  photosPerSecond: number;
  etaSeconds: number | null;
  paused: boolean;
}

export interface FlaggedPhoto {
  photoId: number;
  path: string;
  blurScore: number;
  blurType: BlurType | null;
}

export interface ScanSummary {
  root: string;
  libraryId: number;
  found: number;
  scored: number;
  unchanged: number;
  errors: number;
  unsupported: number;
  missing: number;
  cancelled: boolean;
  flagged: FlaggedPhoto[];
  provider: string;
  fallbackReason: string | null;
  modelId: string;
  modelVersion: string;
  elapsedMs: number;
}

export interface ScanEvents {
  progress: [ScanProgress];
  photo: [ScanReportLine & { photoId: number | null; blurType: BlurType | null }];
  problem: [{ path: string; code: string; message: string }];
  /** The walk is over and the plan is fixed; scoring is about to start. */
  planned: [{ toScore: string[] }];
}
