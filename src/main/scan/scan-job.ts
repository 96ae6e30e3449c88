import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { BlurType, ScanReportLine, Verdict } from '../../shared/photo-types.ts';
import type { IndexedPhoto, NewPhoto, PhotoStore } from '../db/photo-store.ts';
import { walkPhotos, type WalkedFile } from '../library/file-walker.ts';
import { fingerprintFile } from '../library/file-fingerprint.ts';
import { assignBursts } from './burst-index.ts';
import { claimScan } from './scan-lock.ts';
import { isDecodable } from '../library/photo-formats.ts';
import type { ScorerHost } from '../scoring/scorer-host.ts';
import type { ScorerReady } from '../scoring/scorer-protocol.ts';
import type { FlaggedPhoto, ScanEvents, ScanProgress, ScanSummary } from './scan-events.ts';

export class ScanError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface ScanJobOptions {
  root: string;
  store: PhotoStore;
  scorer: ScorerHost;
  /** Verdict threshold for reporting; the scorer's when absent. */
  threshold?: number;
  /** Photos handed to the scorer ahead of completion; keeps memory bounded. */
  window?: number;
  /** Largest gap between frames of one burst. */
  burstSeconds?: number;
}

interface Planned {
  file: WalkedFile;
  id: number;
}

/**
 * One scan of one library root: walk, compare with the library (size and mtime decide), score
 * what is new or changed, and mark what vanished as missing.
 */
export class ScanJob extends EventEmitter<ScanEvents> {
  private paused = false;
  private resumeGate: (() => void) | null = null;
  private cancelled = false;
  private lastProgress: ScanProgress | null = null;
  private readonly root: string;

  constructor(private readonly opts: ScanJobOptions) {
    super();
    this.root = path.resolve(opts.root);
  }

  pause(): void {
    this.paused = true;
    this.emitState();
  }

  resume(): void {
    this.paused = false;
    this.resumeGate?.();
    this.resumeGate = null;
    this.emitState();
  }

  /** The last progress with the current pause state, so a pause shows at once, not at the next photo. */
  private emitState(): void {
    if (this.lastProgress) this.emit('progress', { ...this.lastProgress, paused: this.paused });
  }

  cancel(): void {
    this.cancelled = true;
    this.resume();
  }

  async run(): Promise<ScanSummary> {
    const started = Date.now();
    const st = await fs.promises.stat(this.root).catch(() => null);
    if (!st) throw new ScanError('DIR_NOT_FOUND', `folder not found: ${this.root}`);
    if (!st.isDirectory()) throw new ScanError('NOT_A_FOLDER', `not a folder: ${this.root} (scan the folder that holds it)`);
    const release = claimScan(this.opts.store.db.name, this.root);
    try {
      return await this.scan(started);
    } finally {
      release();
    }
  }

  private async scan(started: number): Promise<ScanSummary> {
    const ready = await this.opts.scorer.start();
    const threshold = this.opts.threshold ?? ready.threshold;
    const { store } = this.opts;
    const libraryId = store.ensureLibrary(this.root);
    const index = store.loadIndex(libraryId);
    const summary: ScanSummary = {
      root: this.root, libraryId, found: 0, scored: 0, unchanged: 0, errors: 0, unsupported: 0, missing: 0, cancelled: false,
      flagged: [], provider: ready.provider, fallbackReason: ready.fallbackReason, modelId: ready.modelId,
      modelVersion: ready.modelVersion, elapsedMs: 0,
    };
    const progress: ScanProgress = { stage: 'walking', found: 0, toScore: 0, scored: 0, photosPerSecond: 0, etaSeconds: null, paused: this.paused };
    this.lastProgress = progress;

    // Walk: decide per file, without touching the DB for unchanged ones.
    const seen = new Set<string>();
    const unreadableDirs: string[] = [];
    const toScore: NewPhoto[] = [];
    const walked: WalkedFile[] = [];
    const statusUpdates: { id: number; status: 'scored' | 'unsupported' }[] = [];
    const unsupportedRows: NewPhoto[] = [];
    for await (const file of walkPhotos(this.root, (p) => {
      if (p.code !== 'ENOENT') unreadableDirs.push(p.path + path.sep);
      store.logProblem(p.path, p.code, p.message);
      this.emit('problem', p);
    })) {
      seen.add(file.path);
      summary.found++;
      progress.found++;
      if (progress.found % 500 === 0) this.emit('progress', { ...progress });
      const known = index.get(file.path);
      const same = known !== undefined && known.size === file.size && known.mtimeMs === file.mtimeMs;
      if (!isDecodable(file.format)) {
        summary.unsupported++;
        if (!same || known.status !== 'unsupported') unsupportedRows.push(this.row(libraryId, file, 'unsupported'));
        this.emitLine(known?.id ?? null, file.path, 'unsupported', null, null, null);
        continue;
      }
      if (same && isCurrent(known, ready)) {
        if (known.status === 'missing') statusUpdates.push({ id: known.id, status: 'scored' });
        summary.unchanged++;
        this.reportScore(summary, threshold, known.id, file.path, 'unchanged', known.blurScore!, known.blurType);
        continue;
      }
      toScore.push(this.row(libraryId, file, 'pending'));
      walked.push(file);
    }
    store.upsertMany(unsupportedRows);
    store.db.transaction(() => statusUpdates.forEach((u) => store.setStatus(u.id, u.status)))();
    const gone = [...index.values()].filter(
      (p) => !seen.has(p.path) && p.status !== 'trashed' && !unreadableDirs.some((d) => p.path.startsWith(d)),
    );
    const moved = await this.adoptMoves(walked, toScore, gone, index, threshold, summary);
    summary.missing = store.markMissing(gone.filter((p) => !moved.has(p.id) && p.status !== 'missing').map((p) => p.id));

    // Score.
    const ids = store.upsertMany(toScore);
    const plan: Planned[] = walked.map((file, i) => ({ file, id: ids[i] }));
    this.emit('planned', { toScore: plan.map((p) => p.file.path) });
    progress.stage = 'scoring';
    progress.toScore = plan.length;
    this.emit('progress', { ...progress });
    const scoreStart = Date.now();
    let lastProgress = 0;
    const stamp = { modelId: ready.modelId, modelVersion: ready.modelVersion, level: ready.level, provider: ready.provider };
    await this.runBounded(plan, async ({ file, id }) => {
      const outcome = await this.opts.scorer.score({ path: file.path, expectedSize: file.size, expectedMtimeMs: file.mtimeMs });
      if (outcome.ok) {
        store.saveScore(id, outcome.photo, stamp);
        summary.scored++;
        const j = outcome.photo.judgement;
        this.reportScore(summary, threshold, id, file.path, 'scored', j.blurScore, j.blurType);
      } else {
        store.saveError(id, file.path, outcome.error.code, outcome.error.message);
        summary.errors++;
        this.emitLine(id, file.path, 'error', null, null, outcome.error.message);
      }
      progress.scored++;
      const now = Date.now();
      if (now - lastProgress > 200 || progress.scored === plan.length) {
        lastProgress = now;
        const secs = (now - scoreStart) / 1000;
        progress.photosPerSecond = secs > 0 ? progress.scored / secs : 0;
        progress.etaSeconds = progress.photosPerSecond > 0 ? (plan.length - progress.scored) / progress.photosPerSecond : null;
        progress.paused = this.paused;
        this.emit('progress', { ...progress });
      }
    });

    summary.cancelled = this.cancelled;
    if (summary.scored > 0 || moved.size > 0 || summary.missing > 0) assignBursts(store.db, libraryId, this.opts.burstSeconds ?? 2);
    if (!this.cancelled) store.libraryScanned(libraryId);
    summary.flagged.sort((a, b) => b.blurScore - a.blurScore);
    summary.elapsedMs = Date.now() - started;
    progress.stage = this.cancelled ? 'cancelled' : 'done';
    this.emit('progress', { ...progress });
    return summary;
  }

  /**
   * New files with the size and fingerprint of a photo that is gone are that photo, moved or renamed
   * while Crisp was not looking: keep its row (scores, decisions) instead of scoring it again.
   */
  private async adoptMoves(walked: WalkedFile[], toScore: NewPhoto[], gone: IndexedPhoto[], index: Map<string, IndexedPhoto>,
    threshold: number, summary: ScanSummary): Promise<Set<number>> {
    const adopted = new Set<number>();
    const bySize = new Map<number, IndexedPhoto[]>();
    for (const p of gone) if (p.fingerprint && p.blurScore !== null) bySize.set(p.size, [...(bySize.get(p.size) ?? []), p]);
    if (bySize.size === 0) return adopted;
    for (let i = walked.length - 1; i >= 0; i--) {
      const file = walked[i];
      const candidates = bySize.get(file.size)?.filter((p) => !adopted.has(p.id));
      if (!candidates?.length || index.has(file.path)) continue;
      const fingerprint = await fingerprintFile(file.path).catch(() => null);
      const match = candidates.find((p) => p.fingerprint === fingerprint);
      if (!match) continue;
      this.opts.store.adoptMoved(match.id, file);
      adopted.add(match.id);
      walked.splice(i, 1);
      toScore.splice(i, 1);
      summary.unchanged++;
      this.reportScore(summary, threshold, match.id, file.path, 'unchanged', match.blurScore!, match.blurType);
    }
    return adopted;
  }

  /** A photo with a score, new or stored: its verdict at this scan's threshold, the summary's flagged list, the report line. */
  private reportScore(summary: ScanSummary, threshold: number, photoId: number, file: string, status: 'scored' | 'unchanged',
    blurScore: number, blurType: BlurType | null): void {
    const verdict: Verdict = blurScore >= threshold ? 'blurry' : 'sharp';
    if (verdict === 'blurry') summary.flagged.push({ photoId, path: file, blurScore, blurType });
    this.emitLine(photoId, file, status, blurScore, verdict, null, blurType);
  }

  private row(libraryId: number, file: WalkedFile, status: NewPhoto['status']): NewPhoto {
    return { libraryId, path: file.path, format: file.format, status, size: file.size, mtimeMs: file.mtimeMs };
  }

  private emitLine(photoId: number | null, p: string, status: ScanReportLine['status'], blurScore: number | null, verdict: Verdict | null,
    error: string | null, blurType: BlurType | null = null): void {
    this.emit('photo', { path: p, status, blurScore, verdict, error, photoId, blurType });
  }

  /** Keeps `window` photos outstanding at the scorer; honours pause and cancel between photos. */
  private async runBounded<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
    const window = this.opts.window ?? 6;
    let next = 0;
    const lane = async () => {
      while (next < items.length) {
        if (this.paused && !this.cancelled) await new Promise<void>((r) => (this.resumeGate = chain(this.resumeGate, r)));
        if (this.cancelled) return;
        const item = items[next++];
        await work(item);
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, items.length) }, lane));
  }
}

function chain(prev: (() => void) | null, next: () => void): () => void {
  return () => {
    prev?.();
    next();
  };
}

function isCurrent(p: IndexedPhoto, ready: ScorerReady): boolean {
  return (p.status === 'scored' || p.status === 'missing') && p.blurScore !== null && p.modelId === ready.modelId
    && p.modelVersion === ready.modelVersion && p.level === ready.level;
}
