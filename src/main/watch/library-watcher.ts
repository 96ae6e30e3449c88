import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { BlurType, Verdict } from '../../shared/photo-types.ts';
import { fingerprintFile } from '../library/file-fingerprint.ts';
import { isSkippedFolder } from '../library/file-walker.ts';
import { isDecodable, photoFormatOf } from '../library/photo-formats.ts';
import { Slots, scorerInFlight } from '../scoring/scorer-concurrency.ts';
import type { ScanEvents } from '../scan/scan-events.ts';
import { assignBursts } from '../scan/burst-index.ts';
import { ScanJob } from '../scan/scan-job.ts';
import { claimScan } from '../scan/scan-lock.ts';
import type { ScanSession } from '../scan/scan-session.ts';

export interface WatchBacklog {
  /** Files seen but not yet indexed (still being written, or queued for the scorer). */
  pending: number;
  inFlight: number;
  scored: number;
  online: boolean;
}

export interface WatcherEvents {
  photo: ScanEvents['photo'];
  progress: ScanEvents['progress'];
  backlog: [WatchBacklog];
  problem: ScanEvents['problem'];
  offline: [];
  online: [];
}

export interface LibraryWatcherOptions {
  root: string;
  session: ScanSession;
  threshold?: number;
  /** A file counts as fully written once its size and mtime have been stable this long. */
  stableMs?: number;
  /** How long a deletion waits before it is believed (a vanished disk must not look like deleted photos). */
  removalGraceMs?: number;
  onlineCheckMs?: number;
  burstSeconds?: number;
  log?: (line: string) => void;
}

/** Failures that mean "the file is still being written", not "the file is bad". */
const notYetWritten = new Set(['TRUNCATED', 'CHANGED_DURING_SCAN', 'EMPTY_FILE']);
const MAX_INCOMPLETE_RETRIES = 8;

/**
 * Keeps one library root indexed and scored while Crisp runs: reconciles with the disk at start
 * (the same incremental rules as a scan), then scores new and changed photos once each, when fully
 * written; follows renames by fingerprint; marks deletions missing; survives the disk going away.
 */
export class LibraryWatcher extends EventEmitter<WatcherEvents> {
  readonly root: string;
  private watcher: FSWatcher | null = null;
  private libraryId = 0;
  private readonly pending = new Set<string>();
  /** Files being indexed now, and whether another event for them arrived meanwhile. */
  private readonly indexing = new Map<string, boolean>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly retries = new Map<string, number>();
  private readonly expectedRemovals = new Set<string>();
  private readonly slots = new Slots(scorerInFlight());
  private inFlight = 0;
  private scored = 0;
  private stopped = false;
  private online = true;
  private onlineTimer: NodeJS.Timeout | null = null;
  /** Watcher events held back while a reconcile runs. */
  private deferred: { path: string; removed: { isDir: boolean } | null }[] | null = null;
  private releaseClaim: (() => void) | null = null;
  private reconciling: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];
  private scoredAtLastBurstPass = 0;
  private readonly stableMs: number;
  private readonly removalGraceMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: LibraryWatcherOptions) {
    super();
    this.root = path.resolve(opts.root);
    this.stableMs = opts.stableMs ?? 1000;
    this.removalGraceMs = opts.removalGraceMs ?? 1500;
    this.log = opts.log ?? (() => {});
  }

  get isOnline(): boolean {
    return this.online;
  }

  async start(): Promise<void> {
    const { store } = this.opts.session;
    this.releaseClaim = claimScan(store.db.name, this.root);
    await this.watchWhileReconciling();
    store.setWatched(this.libraryId, true);
    this.onlineTimer = setInterval(() => void this.checkOnline(), this.opts.onlineCheckMs ?? 2000);
  }

  /** The app is about to move this file to the trash itself: its disappearance is not a user deletion. */
  expectRemoval(file: string): void {
    this.expectedRemovals.add(path.resolve(file));
  }

  /** Resolves once nothing is pending, being written or being scored. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.onlineTimer) clearInterval(this.onlineTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
    await this.watcher?.close();
    this.watcher = null;
    await this.reconciling;
    // In-flight photos finish and are saved; what was only pending is picked up at the next start.
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
    this.releaseClaim?.();
    this.releaseClaim = null;
  }

  /**
   * Opens the file watcher before the reconcile walks the folder, and holds back what it reports
   * until the reconcile is done: a photo added or deleted while the walk runs is seen either by the
   * walk or by the watcher, never by neither.
   */
  private async watchWhileReconciling(): Promise<void> {
    this.deferred = [];
    try {
      await this.openWatcher();
      await this.reconcile();
      this.libraryId = this.opts.session.store.ensureLibrary(this.root);
    } finally {
      const held = this.deferred;
      this.deferred = null;
      for (const e of held) {
        if (e.removed === null) this.onFileSeen(e.path);
        else this.onRemoved(e.path, e.removed.isDir);
      }
    }
  }

  private async reconcile(): Promise<void> {
    const job = new ScanJob({
      root: this.root, store: this.opts.session.store, scorer: this.opts.session.scorer, threshold: this.opts.threshold, burstSeconds: this.opts.burstSeconds,
    });
    job.on('photo', (l) => this.emit('photo', l));
    job.on('progress', (p) => this.emit('progress', p));
    job.on('problem', (p) => this.emit('problem', p));
    this.reconciling = job.run().then((s) => {
      this.scored += s.scored;
      this.scoredAtLastBurstPass = this.scored;
      this.log(`reconciled ${this.root}: ${s.found} photos, ${s.scored} scored, ${s.unchanged} unchanged, ${s.missing} newly missing`);
    });
    try {
      await this.reconciling;
    } finally {
      this.reconciling = null;
    }
  }

  private openWatcher(): Promise<void> {
    const w = watch(this.root, {
      ignoreInitial: true,
      persistent: true,
      ignored: (p: string, stats?: fs.Stats) => p !== this.root && (path.basename(p).startsWith('.') || (stats?.isDirectory() === true && isSkippedFolder(path.basename(p)))),
      awaitWriteFinish: { stabilityThreshold: this.stableMs, pollInterval: 100 },
    });
    w.on('add', (p) => this.onFileSeen(p));
    w.on('change', (p) => this.onFileSeen(p));
    w.on('unlink', (p) => this.onRemoved(p, false));
    w.on('unlinkDir', (p) => this.onRemoved(p, true));
    w.on('error', (err) => {
      const e = err as NodeJS.ErrnoException;
      const problem = { path: e.path ?? this.root, code: e.code ?? 'WATCH_ERROR', message: `watcher: ${e.message}` };
      this.log(`${problem.path}: ${problem.message}`);
      this.emit('problem', problem);
    });
    this.watcher = w;
    return new Promise((resolve) => w.once('ready', () => resolve()));
  }

  private onFileSeen(p: string): void {
    if (this.stopped || !photoFormatOf(p)) return;
    if (this.deferred) {
      this.deferred.push({ path: p, removed: null });
      return;
    }
    this.schedule(path.resolve(p), 0);
  }

  private schedule(file: string, delayMs: number): void {
    clearTimeout(this.timers.get(file));
    this.pending.add(file);
    this.timers.set(file, setTimeout(() => {
      this.timers.delete(file);
      void this.slots.use(() => this.process(file));
    }, delayMs));
    this.emitBacklog();
  }

  private async process(file: string): Promise<void> {
    if (this.stopped || !this.pending.has(file)) return;
    if (this.indexing.has(file)) {
      // One file is indexed by one task at a time; a change seen meanwhile is looked at afterwards.
      this.indexing.set(file, true);
      return;
    }
    this.pending.delete(file);
    this.indexing.set(file, false);
    this.inFlight++;
    try {
      await this.index(file);
    } catch (err) {
      this.emit('problem', { path: file, code: 'WATCH_INDEX_FAILED', message: (err as Error).message });
    } finally {
      const changedMeanwhile = this.indexing.get(file);
      this.indexing.delete(file);
      this.inFlight--;
      if (changedMeanwhile && !this.stopped) this.schedule(file, 0);
      this.emitBacklog();
      this.notifyIdle();
    }
  }

  private async index(file: string): Promise<void> {
    const { store, scorer } = this.opts.session;
    const st = await fs.promises.stat(file).catch(() => null);
    if (!st?.isFile()) return;
    const mtimeMs = Math.trunc(st.mtimeMs);
    const age = Date.now() - st.mtimeMs;
    if (age < this.stableMs) {
      this.schedule(file, this.stableMs - age + 50);
      return;
    }
    const format = photoFormatOf(file)!;
    const known = store.photoAt(file);
    const same = known !== undefined && known.size === st.size && known.mtimeMs === mtimeMs;
    if (same && ['scored', 'unsupported'].includes(known.status)) return;
    const stored = same && known.status === 'missing' ? store.loadScore(known.id) : undefined;
    if (known && stored) {
      // Back where it was, unchanged (a disk remounted, a folder moved back): not a new photo.
      store.setStatus(known.id, 'scored');
      this.emitLine(file, 'unchanged', stored.blurScore, stored.verdict, null, stored.blurType, known.id);
      return;
    }
    if (!known && (await this.adoptIfMoved(file, st.size, mtimeMs))) return;
    if (!isDecodable(format)) {
      store.upsertPhoto({ libraryId: this.libraryId, path: file, format, status: 'unsupported', size: st.size, mtimeMs });
      this.emitLine(file, 'unsupported', null, null, null, null);
      return;
    }
    const id = store.upsertPhoto({ libraryId: this.libraryId, path: file, format, status: 'pending', size: st.size, mtimeMs });
    const ready = await scorer.start();
    const outcome = await scorer.score({ path: file, expectedSize: st.size, expectedMtimeMs: mtimeMs });
    if (outcome.ok) {
      store.saveScore(id, outcome.photo, { modelId: ready.modelId, modelVersion: ready.modelVersion, level: ready.level, provider: ready.provider });
      this.retries.delete(file);
      this.scored++;
      const j = outcome.photo.judgement;
      this.emitLine(file, 'scored', j.blurScore, j.blurScore >= (this.opts.threshold ?? ready.threshold) ? 'blurry' : 'sharp', null, j.blurType, id);
      return;
    }
    if (outcome.error.code === 'VANISHED') return;
    const tries = (this.retries.get(file) ?? 0) + 1;
    if (notYetWritten.has(outcome.error.code) && tries <= MAX_INCOMPLETE_RETRIES) {
      // Still being copied (a pause longer than the stability window): wait for it to settle again.
      this.retries.set(file, tries);
      this.schedule(file, this.stableMs * tries);
      return;
    }
    this.retries.delete(file);
    store.saveError(id, file, outcome.error.code, outcome.error.message);
    this.emitLine(file, 'error', null, null, outcome.error.message, null, id);
  }

  private async adoptIfMoved(file: string, size: number, mtimeMs: number): Promise<boolean> {
    const { store } = this.opts.session;
    const fingerprint = await fingerprintFile(file).catch(() => null);
    if (!fingerprint) return false;
    const gone = store.withFingerprint(this.libraryId, fingerprint).find((p) => p.path !== file && p.status !== 'trashed' && !fs.existsSync(p.path));
    if (!gone) return false;
    store.adoptMoved(gone.id, { path: file, size, mtimeMs });
    this.cancelRemoval(gone.path);
    const row = store.loadScore(gone.id);
    this.emitLine(file, 'unchanged', row?.blurScore ?? null, row?.verdict ?? null, null, row?.blurType ?? null, gone.id);
    this.log(`${gone.path} moved to ${file}; scores and decisions kept`);
    return true;
  }

  private onRemoved(p: string, isDir: boolean): void {
    if (this.deferred) {
      this.deferred.push({ path: p, removed: { isDir } });
      return;
    }
    const target = path.resolve(p);
    if (this.expectedRemovals.delete(target)) return;
    this.pending.delete(target);
    clearTimeout(this.timers.get(target));
    // Wait: if the whole disk went away, this is not a deletion; if it was a move, the add adopts the row.
    this.timers.set(`rm:${target}`, setTimeout(() => {
      this.timers.delete(`rm:${target}`);
      if (this.stopped || !fs.existsSync(this.root) || fs.existsSync(target)) return;
      const { store } = this.opts.session;
      const ids = isDir ? store.idsUnder(this.libraryId, target + path.sep) : [store.photoAt(target)?.id].filter((x): x is number => x !== undefined);
      const n = store.markMissing(ids);
      if (n > 0) this.log(`${target}: ${n} photo(s) marked missing`);
      this.notifyIdle();
    }, this.removalGraceMs));
  }

  private cancelRemoval(p: string): void {
    clearTimeout(this.timers.get(`rm:${p}`));
    this.timers.delete(`rm:${p}`);
  }

  private async checkOnline(): Promise<void> {
    if (this.stopped || this.reconciling || this.deferred) return;
    const present = await fs.promises.stat(this.root).then((s) => s.isDirectory(), () => false);
    if (present === this.online) return;
    const { store } = this.opts.session;
    this.online = present;
    store.setOnline(this.libraryId, present);
    if (!present) {
      this.log(`${this.root} is offline; watching resumes when it returns`);
      for (const [key, t] of this.timers) if (key.startsWith('rm:')) clearTimeout(t);
      await this.watcher?.close();
      this.watcher = null;
      this.emit('offline');
    } else {
      this.log(`${this.root} is back online; reconciling`);
      this.emit('online');
      if (!this.stopped) await this.watchWhileReconciling();
    }
    this.emitBacklog();
  }

  private isIdle(): boolean {
    return this.pending.size === 0 && this.inFlight === 0 && ![...this.timers.keys()].some((k) => k.startsWith('rm:'));
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    if (this.scored !== this.scoredAtLastBurstPass && !this.stopped) {
      this.scoredAtLastBurstPass = this.scored;
      assignBursts(this.opts.session.store.db, this.libraryId, this.opts.burstSeconds ?? 2);
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private emitBacklog(): void {
    this.emit('backlog', { pending: this.pending.size, inFlight: this.inFlight, scored: this.scored, online: this.online });
  }

  private emitLine(file: string, status: 'scored' | 'unchanged' | 'error' | 'unsupported', blurScore: number | null, verdict: Verdict | null,
    error: string | null, blurType: BlurType | null, photoId: number | null = null): void {
    this.emit('photo', { path: file, status, blurScore, verdict, error, blurType, photoId });
  }
}
