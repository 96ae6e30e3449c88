import type { EventEmitter } from 'node:events';
import type { IpcEvents } from '../../shared/ipc-contract.ts';
import type { ScanProgressEvent } from '../../shared/review-types.ts';
import type { PhotoStore } from '../db/photo-store.ts';
import { ScanJob } from '../scan/scan-job.ts';
import type { ScanSession } from '../scan/scan-session.ts';
import { LibraryWatcher } from '../watch/library-watcher.ts';

const COUNTS_INTERVAL_MS = 1000;

type Emitter = EventEmitter<{ [K in keyof IpcEvents]: [IpcEvents[K]] }>;

/**
 * Runs the app's scans, one library at a time, and its folder watchers. Progress reaches the
 * renderer as `scan:progress` events, the same ScanJob events the CLI draws its bar from.
 */
export class ScanManager {
  private readonly jobs = new Map<number, ScanJob>();
  private readonly queue: number[] = [];
  private readonly watchers = new Map<number, LibraryWatcher>();
  private running: Promise<void> | null = null;

  constructor(
    private readonly session: ScanSession,
    private readonly events: Emitter,
    private readonly librariesChanged: () => void,
    private readonly burstSeconds: () => number = () => 2,
  ) {}

  private get store(): PhotoStore {
    return this.session.store;
  }

  isScanning(libraryId: number): boolean {
    return this.jobs.has(libraryId) || this.queue.includes(libraryId);
  }

  start(libraryId: number): void {
    if (this.isScanning(libraryId)) return;
    this.queue.push(libraryId);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  pause(libraryId: number): void {
    this.jobs.get(libraryId)?.pause();
  }

  resume(libraryId: number): void {
    this.jobs.get(libraryId)?.resume();
  }

  cancel(libraryId: number): void {
    const i = this.queue.indexOf(libraryId);
    if (i >= 0) this.queue.splice(i, 1);
    this.jobs.get(libraryId)?.cancel();
  }

  async setWatched(libraryId: number, root: string, watched: boolean): Promise<void> {
    this.store.setWatched(libraryId, watched);
    const existing = this.watchers.get(libraryId);
    if (!watched) {
      this.watchers.delete(libraryId);
      await existing?.stop();
      return;
    }
    if (existing) return;
    const watcher = new LibraryWatcher({ root, session: this.session, burstSeconds: this.burstSeconds() });
    this.watchers.set(libraryId, watcher);
    watcher.on('photo', (l) => this.events.emit('photo:scored', { libraryId, photoId: l.photoId ?? 0, blurScore: l.blurScore, status: l.status }));
    watcher.on('backlog', (b) => {
      this.events.emit('watch:backlog', { libraryId, pending: b.pending, inFlight: b.inFlight, online: b.online });
      // Counts on the Libraries screen follow once the backlog drains, not on every photo.
      if (b.pending === 0 && b.inFlight === 0) this.librariesChanged();
    });
    watcher.on('offline', () => this.librariesChanged());
    watcher.on('online', () => this.librariesChanged());
    await watcher.start();
  }

  /** The app moves this file to the trash itself; watchers must not take it for a user deletion. */
  expectRemoval(file: string): void {
    for (const w of this.watchers.values()) w.expectRemoval(file);
  }

  async stop(): Promise<void> {
    if (this.countsTimer) clearTimeout(this.countsTimer);
    this.countsTimer = null;
    for (const id of [...this.queue]) this.cancel(id);
    for (const job of this.jobs.values()) job.cancel();
    await this.running;
    await Promise.all([...this.watchers.values()].map((w) => w.stop()));
    this.watchers.clear();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const libraryId = this.queue.shift()!;
      const root = this.store.db.prepare('SELECT path FROM libraries WHERE id = ?').pluck().get(libraryId) as string | undefined;
      if (!root) continue;
      const job = new ScanJob({ root, store: this.store, scorer: this.session.scorer, burstSeconds: this.burstSeconds() });
      this.jobs.set(libraryId, job);
      this.librariesChanged();
      const provider = () => this.session.scorer.ready?.provider ?? 'starting';
      job.on('progress', (p) => this.emitProgress({ libraryId, ...p, provider: provider(), error: null }));
      job.on('photo', (l) => {
        this.events.emit('photo:scored', { libraryId, photoId: l.photoId ?? 0, blurScore: l.blurScore, status: l.status });
        this.countsChanged();
      });
      try {
        await job.run();
      } catch (err) {
        this.emitProgress({
          libraryId, stage: 'failed', found: 0, toScore: 0, scored: 0, photosPerSecond: 0, etaSeconds: null, paused: false,
          provider: provider(), error: (err as Error).message,
        });
      } finally {
        this.jobs.delete(libraryId);
        this.librariesChanged();
      }
    }
  }

  private lastCounts = 0;
  private countsTimer: NodeJS.Timeout | null = null;

  /** The Libraries screen's photo and flagged counts follow a scan about once a second, not once per photo. */
  private countsChanged(): void {
    if (this.countsTimer) return;
    const wait = Math.max(0, this.lastCounts + COUNTS_INTERVAL_MS - Date.now());
    this.countsTimer = setTimeout(() => {
      this.countsTimer = null;
      this.lastCounts = Date.now();
      this.librariesChanged();
    }, wait);
    this.countsTimer.unref?.();
  }

  private emitProgress(e: ScanProgressEvent): void {
    this.events.emit('scan:progress', e);
  }
}
