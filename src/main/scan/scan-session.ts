import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisLevel } from '../../shared/photo-types.ts';
import { thumbDirFor } from '../app-paths.ts';
import { backupDatabase, openOrRestore, type RestoredFromBackup } from '../db/database-backup.ts';
import type { Database } from '../db/library-database.ts';
import { PhotoStore } from '../db/photo-store.ts';
import { storageProblem } from '../db/storage-problem.ts';
import { loadModelCard, type LoadedModel } from '../scoring/model-card.ts';
import { nodeScorerSpawner } from '../scoring/node-scorer-process.ts';
import type { ProviderPolicy } from '../scoring/onnx-session.ts';
import { ScorerHost, type WorkerSpawner } from '../scoring/scorer-host.ts';

export interface ScanSessionOptions {
  databasePath: string;
  modelCardPath?: string;
  level?: AnalysisLevel;
  providerPolicy?: ProviderPolicy;
  threshold?: number;
  spawner?: WorkerSpawner;
  log?: (line: string) => void;
  nativeBinding?: string;
  /** How long the scorer process may sit idle before it exits to free its memory (ScorerHost's default when absent). */
  scorerIdleMs?: number;
  /** Runs quick_check on open (the app does; a CLI run only notices damage SQLite reports itself). */
  verifyIntegrity?: boolean;
}

export class DatabaseOpenError extends Error {
  readonly code = 'DB_UNUSABLE';
}

/** An open library plus a scorer process: what `crisp scan`, `crisp watch`, eval and the app all run on. */
export class ScanSession {
  private constructor(
    readonly db: Database,
    readonly store: PhotoStore,
    readonly scorer: ScorerHost,
    readonly model: LoadedModel,
    private readonly databasePath: string,
    private readonly nativeBinding: string | undefined,
    private readonly log: (line: string) => void,
    /** Set when the library was damaged and the backup from the last clean close replaced it. */
    readonly restored: RestoredFromBackup | null,
  ) {}

  static open(opts: ScanSessionOptions): ScanSession {
    const model = loadModelCard(opts.modelCardPath);
    let opened: ReturnType<typeof openOrRestore>;
    try {
      opened = openOrRestore(opts.databasePath, { nativeBinding: opts.nativeBinding, verify: opts.verifyIntegrity });
    } catch (err) {
      if ((err as { code?: string }).code === 'DB_TOO_NEW') throw err;
      throw new DatabaseOpenError(storageProblem(err, opts.databasePath) ?? `cannot use library database ${opts.databasePath}: ${(err as Error).message}`);
    }
    const scorer = new ScorerHost(
      opts.spawner ?? nodeScorerSpawner(),
      {
        modelCardPath: model.cardPath,
        providerPolicy: opts.providerPolicy ?? 'auto',
        level: opts.level ?? 'standard',
        threshold: opts.threshold,
        thumbDir: thumbDirFor(opts.databasePath),
      },
      { log: opts.log, idleMs: opts.scorerIdleMs },
    );
    if (opts.databasePath !== ':memory:') removeStaleThumbnails(thumbDirFor(opts.databasePath));
    const r = opened.restored;
    if (r) {
      opts.log?.(`${opts.databasePath}: ${r.reason}; restored the backup of ${r.backupTime.toISOString()}` +
        `${r.damagedCopy ? `, the old file kept at ${r.damagedCopy}` : ''}`);
    }
    return new ScanSession(opened.db, new PhotoStore(opened.db), scorer, model, opts.databasePath, opts.nativeBinding, opts.log ?? (() => {}), r);
  }

  /**
   * `backup`: copy the library to `<db>.backup` first (the app does on a clean close). The database is
   * closed whatever fails on the way; the first failure is thrown.
   */
  async close(options: { backup?: boolean } = {}): Promise<void> {
    await this.scorer.stop();
    if (!this.db.open) return;
    let failure: unknown = null;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      if (options.backup && this.databasePath !== ':memory:') {
        const b = await backupDatabase(this.db, this.databasePath, this.nativeBinding);
        if (b.keptPrevious) {
          this.log(`the backup held ${b.keptPrevious.photos} photos and the library ${b.keptPrevious.libraryPhotos}: ` +
            `the old backup is kept at ${b.keptPrevious.path}`);
        }
      }
    } catch (err) {
      failure = err;
    }
    this.db.close();
    if (failure) throw failure;
  }
}

/** Half-written thumbnails (`*.webp.<pid>.tmp`) of scorer processes that were killed while writing them. */
function removeStaleThumbnails(thumbDir: string): void {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  const subs = fs.existsSync(thumbDir) ? fs.readdirSync(thumbDir, { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
  for (const sub of subs) {
    const dir = path.join(thumbDir, sub.name);
    for (const name of fs.readdirSync(dir)) {
      const pid = /\.webp\.(\d+)\.tmp$/.exec(name)?.[1];
      if (pid && !alive(Number(pid))) fs.rmSync(path.join(dir, name), { force: true });
    }
  }
}
