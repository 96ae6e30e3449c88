import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { IpcEvents } from '../../shared/ipc-contract.ts';
import type { Settings } from '../../shared/review-types.ts';
import { ScanSession } from '../scan/scan-session.ts';
import { tileGeometry } from '../scoring/model-card.ts';
import type { WorkerSpawner } from '../scoring/scorer-host.ts';
import { TrashService } from '../trash/trash-service.ts';
import type { Trasher } from '../trash/trasher.ts';
import { DecisionLog } from './decision-log.ts';
import { LibraryService } from './library-service.ts';
import { MediaResolver } from './media-resolver.ts';
import { ReviewQueries } from './review-queries.ts';
import { ScanManager } from './scan-manager.ts';
import { SettingsStore } from './settings-store.ts';

export type AppEvents = EventEmitter<{ [K in keyof IpcEvents]: [IpcEvents[K]] }>;

export interface AppServicesOptions {
  dataDir: string;
  trasher: Trasher;
  spawner?: WorkerSpawner;
  /** Native folder picker (Electron's dialog); absent in the browser bridge. */
  pickFolder?: () => Promise<string | null>;
  nativeBinding?: string;
  /** The model card; resources/models in a checkout, the app's resources folder when packaged. */
  modelCardPath?: string;
  log?: (line: string) => void;
  /** Where trashed photos go, in words for the confirmation: the system Trash, or the bridge's own folder. */
  trashName?: string;
}

/** Everything behind the IPC contract, wired once; the Electron main process and the bridge both use it. */
export class AppServices {
  readonly events: AppEvents = new EventEmitter() as AppEvents;
  readonly session: ScanSession;
  readonly settings: SettingsStore;
  readonly libraries: LibraryService;
  readonly scans: ScanManager;
  readonly review: ReviewQueries;
  readonly decisions: DecisionLog;
  readonly trash: TrashService;
  readonly media: MediaResolver;

  constructor(readonly opts: AppServicesOptions) {
    this.session = ScanSession.open({
      databasePath: path.join(opts.dataDir, 'library.db'),
      spawner: opts.spawner,
      nativeBinding: opts.nativeBinding,
      modelCardPath: opts.modelCardPath,
      log: opts.log,
      verifyIntegrity: true,
    });
    const db = this.session.db;
    const defaults: Settings = {
      threshold: this.session.model.card.threshold, level: 'standard', burstSeconds: 2, focusOverlay: false,
      sidecarConvention: 'replace-extension', keepLabel: 'Green',
    };
    this.settings = new SettingsStore(db, defaults);
    // The analysis level is a setting; the scorer has not started yet, so this only sets what it starts with.
    const level = this.settings.get().level;
    if (level !== this.session.scorer.level) void this.session.scorer.reconfigure({ level });
    this.scans = new ScanManager(this.session, this.events, () => this.librariesChanged(), () => this.settings.get().burstSeconds);
    this.libraries = new LibraryService(db, (id) => this.scans.isScanning(id));
    this.review = new ReviewQueries(db, (level) => tileGeometry(this.session.model.card, level));
    this.trash = new TrashService(db, opts.trasher, (file) => this.scans.expectRemoval(file));
    this.decisions = new DecisionLog(db, async (logIds) => {
      // Some of the batch may have been restored one by one since; undo brings back the rest.
      for (const id of logIds) if (this.trash.isInTrash(id)) await this.trash.restore(id);
      this.librariesChanged();
    });
    this.media = new MediaResolver(db);
  }

  /** Resumes watchers of libraries marked watched; reconciling them catches what changed while closed. */
  async resumeWatchers(): Promise<void> {
    const watched = this.session.db.prepare('SELECT id, path FROM libraries WHERE watched = 1').all() as { id: number; path: string }[];
    for (const l of watched) {
      await this.scans.setWatched(l.id, l.path, true).catch((err: Error) => this.opts.log?.(`cannot watch ${l.path}: ${err.message}`));
    }
  }

  librariesChanged(): void {
    this.events.emit('libraries:changed', this.libraries.list(this.settings.get().threshold));
  }

  async close(): Promise<void> {
    await this.scans.stop();
    await this.session.close({ backup: true });
  }
}
