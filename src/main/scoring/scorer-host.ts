import { EventEmitter } from 'node:events';
import type { CrispError } from '../../shared/photo-types.ts';
import { scorerInFlight } from './scorer-concurrency.ts';
import type { HostToWorker, ScoreOutcome, ScoreRequest, ScorerInit, ScorerReady, WorkerToHost } from './scorer-protocol.ts';

/** The two transports (Node child process, Electron utilityProcess) behind one small interface. */
export interface WorkerChannel {
  readonly pid: number | undefined;
  send(msg: HostToWorker): void;
  onMessage(cb: (msg: WorkerToHost) => void): void;
  /** Called once when the process is gone, whatever the reason. */
  onExit(cb: (reason: string) => void): void;
  kill(): void;
}

export type WorkerSpawner = () => WorkerChannel;

interface Job {
  request: ScoreRequest;
  resolve: (o: ScoreOutcome) => void;
  /** Set after a crash: the job runs alone next time, so a second crash convicts it. */
  suspect: boolean;
}

export interface ScorerHostOptions {
  maxInFlight?: number;
  /** Consecutive crashes without a single result before the host gives up. */
  maxCrashStreak?: number;
  /** With nothing to score for this long, the process exits and gives its memory (the model, buffers) back; the next photo starts it again. */
  idleMs?: number;
  log?: (line: string) => void;
}

export class ScorerUnavailableError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * Owns the scorer process: starts it, keeps a fixed number of photos in flight, and when the
 * process dies it restarts it and resumes the queue. Photos that were in flight are retried one
 * at a time; the one that brings the process down again is reported as an error.
 */
export class ScorerHost extends EventEmitter {
  private worker: WorkerChannel | null = null;
  private readyInfo: ScorerReady | null = null;
  private starting: Promise<ScorerReady> | null = null;
  private readonly queue: Job[] = [];
  private readonly inFlight = new Map<number, Job>();
  private nextJobId = 1;
  private crashStreak = 0;
  private stopped = false;
  private readonly maxInFlight: number;
  private readonly maxCrashStreak: number;
  private readonly idleMs: number;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly log: (line: string) => void;
  restarts = 0;

  constructor(private readonly spawn: WorkerSpawner, private init: ScorerInit, opts: ScorerHostOptions = {}) {
    super();
    this.maxInFlight = opts.maxInFlight ?? scorerInFlight();
    this.maxCrashStreak = opts.maxCrashStreak ?? 5;
    this.idleMs = opts.idleMs ?? 60_000;
    this.log = opts.log ?? (() => {});
  }

  get ready(): ScorerReady | null {
    return this.readyInfo;
  }

  get pid(): number | undefined {
    return this.worker?.pid;
  }

  start(): Promise<ScorerReady> {
    if (this.readyInfo) return Promise.resolve(this.readyInfo);
    this.starting ??= this.launch().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  score(request: Omit<ScoreRequest, 'jobId'>): Promise<ScoreOutcome> {
    if (this.stopped) return Promise.resolve(failure('SCORER_STOPPED', 'the scorer was stopped'));
    this.clearIdle();
    return new Promise((resolve) => {
      this.queue.push({ request: { ...request, jobId: this.nextJobId++ }, resolve, suspect: false });
      this.pump();
    });
  }

  get level(): ScorerInit['level'] {
    return this.init.level;
  }

  /**
   * Applies new settings (e.g. the analysis level) from the next photo on: waits for the photos in
   * flight, stops the process, and starts it again with the new settings on the next request.
   */
  async reconfigure(patch: Partial<ScorerInit>): Promise<void> {
    while (this.inFlight.size > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 20));
    await this.stop();
    this.init = { ...this.init, ...patch };
    this.stopped = false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearIdle();
    this.failQueued('SCORER_STOPPED', 'the scorer was stopped');
    const w = this.worker;
    this.worker = null;
    this.readyInfo = null;
    if (!w) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        w.kill();
        resolve();
      }, 2000);
      w.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      try {
        w.send({ type: 'shutdown' });
      } catch {
        w.kill();
      }
    });
    for (const job of this.inFlight.values()) job.resolve(failure('SCORER_STOPPED', 'the scorer was stopped'));
    this.inFlight.clear();
  }

  private launch(): Promise<ScorerReady> {
    return new Promise((resolve, reject) => {
      const w = this.spawn();
      this.worker = w;
      let settled = false;
      let childPids: number[] = [];
      w.onMessage((msg) => {
        if (msg.type === 'ready') {
          this.readyInfo = msg.ready;
          this.log(`scorer pid ${w.pid} ready (${msg.ready.provider}${msg.ready.fallbackReason ? `; ${msg.ready.fallbackReason}` : ''})`);
          settled = true;
          resolve(msg.ready);
          this.emit('ready', msg.ready);
          this.pump();
          this.armIdle();
        } else if (msg.type === 'children') {
          childPids = msg.pids;
        } else if (msg.type === 'fatal') {
          settled = true;
          reject(new ScorerUnavailableError(msg.error.code, msg.error.message));
          w.kill();
        } else {
          this.onResult(msg.jobId, msg.outcome);
        }
      });
      w.onExit((reason) => {
        // A worker that dies hard cannot end its exiftool; an Electron utility process leads no process group to take them with it.
        for (const pid of childPids) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        if (this.worker !== w) return;
        this.worker = null;
        this.readyInfo = null;
        if (!settled) {
          settled = true;
          reject(new ScorerUnavailableError('SCORER_START_FAILED', `scorer process exited while starting (${reason})`));
          return;
        }
        if (!this.stopped) this.onCrash(reason);
      });
      w.send({ type: 'init', init: this.init });
    });
  }

  private onResult(jobId: number, outcome: ScoreOutcome): void {
    const job = this.inFlight.get(jobId);
    if (!job) return;
    this.inFlight.delete(jobId);
    this.crashStreak = 0;
    job.resolve(outcome);
    this.pump();
    this.armIdle();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private armIdle(): void {
    if (this.queue.length > 0 || this.inFlight.size > 0 || !this.worker || this.stopped) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => this.retire(), this.idleMs);
    this.idleTimer.unref();
  }

  /** Ends an idle process the way stop() does, without stopping the host: the next request starts a new one. */
  private retire(): void {
    this.idleTimer = null;
    const w = this.worker;
    if (!w || this.queue.length > 0 || this.inFlight.size > 0 || this.starting) return;
    this.worker = null;
    this.readyInfo = null;
    this.log(`scorer pid ${w.pid} idle for ${Math.round(this.idleMs / 1000)} s; ended to free its memory`);
    const timer = setTimeout(() => w.kill(), 2000);
    timer.unref();
    w.onExit(() => clearTimeout(timer));
    w.send({ type: 'shutdown' });
  }

  private onCrash(reason: string): void {
    this.restarts++;
    this.crashStreak++;
    this.log(`scorer crashed (${reason}); ${this.inFlight.size} photo(s) in flight; restarting`);
    const lost = [...this.inFlight.values()];
    this.inFlight.clear();
    const retry: Job[] = [];
    for (const job of lost) {
      // Suspects run alone, so a suspect in flight at a crash is the photo that caused it.
      if (job.suspect) job.resolve(failure('SCORER_CRASHED', `the scorer process crashed on this photo (${reason}); it was skipped`));
      else retry.push({ ...job, suspect: true });
    }
    this.queue.unshift(...retry);
    this.emit('crash', reason);
    if (this.crashStreak > this.maxCrashStreak) {
      this.failQueued('SCORER_UNAVAILABLE', `the scorer process keeps crashing (${reason})`);
      return;
    }
    this.start().catch((err: Error) => this.failQueued('SCORER_UNAVAILABLE', err.message));
  }

  private failQueued(code: string, message: string): void {
    for (const job of this.queue.splice(0)) job.resolve(failure(code, message));
  }

  private pump(): void {
    if (!this.worker || !this.readyInfo) {
      if (this.queue.length > 0 && !this.stopped && !this.starting && !this.worker) this.start().catch(() => {});
      return;
    }
    while (this.queue.length > 0 && this.inFlight.size < this.maxInFlight) {
      const head = this.queue[0];
      // A suspect runs alone, so that if the process dies again we know which photo did it.
      if (head.suspect && this.inFlight.size > 0) return;
      this.queue.shift();
      this.inFlight.set(head.request.jobId, head);
      this.worker.send({ type: 'score', request: head.request });
      if (head.suspect) return;
    }
  }
}

function failure(code: string, message: string): ScoreOutcome {
  const error: CrispError = { code, message };
  return { ok: false, error };
}
