import type { AnalysisLevel } from '../../shared/photo-types.ts';
import { thumbDirFor } from '../app-paths.ts';
import { openLibraryDatabase, type Database } from '../db/library-database.ts';
import { PhotoStore } from '../db/photo-store.ts';
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
  ) {}

  static open(opts: ScanSessionOptions): ScanSession {
    const model = loadModelCard(opts.modelCardPath);
    let db: Database;
    try {
      db = openLibraryDatabase(opts.databasePath, { nativeBinding: opts.nativeBinding });
    } catch (err) {
      if ((err as { code?: string }).code === 'DB_TOO_NEW') throw err;
      throw new DatabaseOpenError(`cannot use library database ${opts.databasePath}: ${(err as Error).message}`);
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
      { log: opts.log },
    );
    return new ScanSession(db, new PhotoStore(db), scorer, model);
  }

  async close(): Promise<void> {
    await this.scorer.stop();
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}
