import type { AnalysisLevel, BlurJudgement, CrispError, ExifSummary } from '../../shared/photo-types.ts';
import type { ProviderPolicy } from './onnx-session.ts';

/** Messages between the engine and the scorer process (Electron utilityProcess or Node child process). */

export interface ScorerInit {
  modelCardPath: string;
  providerPolicy: ProviderPolicy;
  level: AnalysisLevel;
  /** Verdict threshold; the model card's when absent. */
  threshold?: number;
  thumbDir: string;
  pixelLimit?: number;
}

export interface ScoreRequest {
  jobId: number;
  path: string;
  /** What the walk saw; a different size or mtime at read time means the file changed mid-scan. */
  expectedSize: number;
  expectedMtimeMs: number;
}

export interface PhotoSource {
  /** What was decoded: the file itself, a RAW's largest embedded preview, or a HEIC's primary image. */
  kind: 'file' | 'raw-preview' | 'heic';
  tag: string | null;
  width: number;
  height: number;
}

export interface ScoredPhoto {
  fingerprint: string;
  source: PhotoSource;
  /** 64-bit perceptual hash (hex) of the analysis image, for burst grouping. */
  phash: string;
  /** Focus point from the maker notes, 0..1 of the displayed image. */
  afPoint: { x: number; y: number } | null;
  /** Rating and label another tool already wrote to the photo's XMP sidecar. */
  sidecar: { rating: number | null; label: string | null } | null;
  width: number;
  height: number;
  orientation: number;
  exif: ExifSummary;
  judgement: BlurJudgement;
  thumbPath: string;
  timings: { readMs: number; decodeMs: number; inferMs: number };
}

export interface ScorerReady {
  modelId: string;
  modelVersion: string;
  level: AnalysisLevel;
  threshold: number;
  provider: string;
  fallbackReason: string | null;
}

export type HostToWorker =
  | { type: 'init'; init: ScorerInit }
  | { type: 'score'; request: ScoreRequest }
  | { type: 'shutdown' };

export type ScoreOutcome = { ok: true; photo: ScoredPhoto } | { ok: false; error: CrispError };

export type WorkerToHost =
  | { type: 'ready'; ready: ScorerReady }
  | { type: 'result'; jobId: number; outcome: ScoreOutcome }
  /** The worker's exiftool processes, so the host can end them if the worker dies without doing so. */
  | { type: 'children'; pids: number[] }
  | { type: 'fatal'; error: CrispError };
