/** Types the review app shows. No Node or DOM imports. */
import type { BlurType, ExifSummary, PhotoStatus, Verdict } from './photo-types.ts';

export type Decision = 'keep' | 'trash';

export interface LibrarySummary {
  id: number;
  path: string;
  photoCount: number;
  flaggedCount: number;
  /** Photos that could not be judged (unreadable, corrupt, RAW preview too small…). */
  errorCount: number;
  lastScanAt: number | null;
  watched: boolean;
  online: boolean;
  scanning: boolean;
}

export interface ScanProgressEvent {
  libraryId: number;
  stage: 'walking' | 'scoring' | 'done' | 'cancelled' | 'failed';
  found: number;
  /** Photos that need scoring in this run, and how many of them are finished. */
  toScore: number;
  scored: number;
  photosPerSecond: number;
  etaSeconds: number | null;
  paused: boolean;
  /** Execution provider running the model: cpu, cuda, dml, coreml… */
  provider: string;
  error: string | null;
}

export interface PhotoListItem {
  id: number;
  libraryId: number;
  path: string;
  fileName: string;
  size: number;
  status: PhotoStatus;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  blurScore: number | null;
  /** At the threshold of the query that returned it. */
  verdict: Verdict | null;
  blurType: BlurType | null;
  decision: Decision | null;
  /** Burst this frame belongs to (same camera, seconds apart, same scene). */
  burstId: string | null;
  /** Stars 0..5 set in Crisp, or else the rating in the photo's XMP sidecar (-1 = rejected in Lightroom, darktable, digiKam). */
  rating: number | null;
  /** Colour label (Red, Yellow, Green, Blue, Purple or another tool's word), set in Crisp or read from the sidecar. */
  label: string | null;
  /** Frames in this photo's burst, or null when it is not part of one. */
  burstSize: number | null;
  /** Other files of the same shot (a RAW+JPEG pair): decisions apply to all of them. */
  companions: string[];
}

export interface PhotoProblem {
  photoId: number;
  path: string;
  fileName: string;
  code: string;
  message: string;
}

export interface FocusMap {
  cols: number;
  rows: number;
  /** The geometry the model used (tile-geometry.ts turns it into tile positions on the photo). */
  tileSize: number;
  stride: number;
  analysisLongEdge: number;
  /** Blur probability per tile, row-major, 0..255. */
  blur: number[];
  /** 1 where the tile was textured enough to count. */
  used: number[];
}

export interface PhotoDetail extends PhotoListItem {
  orientation: number | null;
  exif: ExifSummary;
  motionScore: number | null;
  focusMap: FocusMap | null;
  modelVersion: string | null;
  /** The camera's AF point, 0..1 of the displayed image. */
  afPoint: { x: number; y: number } | null;
  /** What was judged: the file, a RAW's embedded preview (with its size), or a HEIC's primary image. */
  source: { kind: 'file' | 'raw-preview' | 'heic'; tag: string | null; width: number | null; height: number | null } | null;
}

export interface KeepSharpestPreview {
  /** keep: the burst's keeper; mark: what the plan proposes to mark for trash; leave: sharp near-duplicates and decided frames it leaves alone. */
  bursts: { burstId: string; keep: PhotoListItem; mark: PhotoListItem[]; leave: PhotoListItem[] }[];
  markCount: number;
  /** How much blurrier than the keeper an unflagged frame must be to be marked (sharpest mode). */
  margin: number;
}

export type SidecarConvention = 'replace-extension' | 'append-extension';

export interface ReviewQuery {
  libraryId?: number;
  threshold: number;
  /** Only photos at or above the threshold. */
  flaggedOnly: boolean;
  blurType?: BlurType;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  dateFrom?: string;
  dateTo?: string;
  decision?: Decision | 'undecided';
  /** At least this many stars. */
  minRating?: number;
  /** This colour label, or 'none' for photos without one. */
  label?: string;
  /** score: blurriest first; time: capture order; name: by path. */
  sort?: ReviewSort;
  /** Each burst as one stack (its first frame), except `openBurst`, shown frame by frame. */
  stackBursts?: boolean;
  openBurst?: string;
  offset: number;
  limit: number;
}

export type ReviewSort = 'score' | 'time' | 'name';

/** Colour labels by key, as in Lightroom: 6 red, 7 yellow, 8 green, 9 blue. */
export const labelKeys: Record<string, string> = { 6: 'Red', 7: 'Yellow', 8: 'Green', 9: 'Blue' };

export interface ReviewPage {
  total: number;
  offset: number;
  items: PhotoListItem[];
}

export interface BlurHistogram {
  /** Counts of scored photos per bin; bin i covers [i/n, (i+1)/n). */
  bins: number[];
  total: number;
  /** Photos at or above the threshold asked for. */
  flagged: number;
  threshold: number;
}

export interface Siblings {
  /** The sharpest photo taken within the burst window of this one, if any. */
  best: PhotoListItem | null;
  candidates: PhotoListItem[];
}

export interface TrashReview {
  count: number;
  totalBytes: number;
  items: PhotoListItem[];
}

export interface TrashMoveResult {
  moved: number[];
  failed: { photoId: number; path: string; message: string }[];
}

export interface TrashLogEntry {
  id: number;
  photoId: number | null;
  originalPath: string;
  size: number;
  trashedAt: number;
  status: 'trashed' | 'restored' | 'failed';
  error: string | null;
  restoredAt: number | null;
}

export interface UndoResult {
  /** What was undone, in words, for a toast. */
  description: string;
  photoIds: number[];
}

export interface Settings {
  threshold: number;
  level: 'standard' | 'strict';
  /** Seconds between shots that still count as one burst. */
  burstSeconds: number;
  /** Show the focus overlay in compare by default. */
  focusOverlay: boolean;
  /** IMG_1234.xmp (Lightroom, Capture One) or IMG_1234.CR2.xmp (darktable, digiKam). */
  sidecarConvention: SidecarConvention;
  /** xmp:Label written for kept photos; empty for none. */
  keepLabel: string;
}

export interface CopyKeepersResult {
  dest: string;
  /** Files written into dest (photos, RAW partners, sidecars). */
  copied: string[];
  /** Source files not copied because their names were taken in dest. */
  skipped: string[];
  renamed: { from: string; to: string }[];
  failed: { path: string; message: string }[];
}
