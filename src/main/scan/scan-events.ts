import type { BlurType, ScanReportLine } from '../../shared/photo-types.ts';
import type { ScanProgressEvent } from '../../shared/review-types.ts';

/** Stages a scan moves through; the same events drive the CLI's progress bar and the app's. */
export type ScanStage = 'walking' | 'scoring' | 'done' | 'cancelled';

/** What the app's progress event carries, less what only the app knows (library, provider, failure). */
export type ScanProgress = Omit<ScanProgressEvent, 'libraryId' | 'provider' | 'error' | 'stage'> & { stage: ScanStage };

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
