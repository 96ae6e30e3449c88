import type { Database } from 'better-sqlite3';
import { settingsSchema } from '../../shared/ipc-contract.ts';
import type { Settings } from '../../shared/review-types.ts';

/** User settings as one validated JSON value per key in the `settings` table. */
export class SettingsStore {
  constructor(private readonly db: Database, private readonly defaults: Settings) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored: Record<string, unknown> = {};
    for (const r of rows) {
      try {
        stored[r.key] = JSON.parse(r.value);
      } catch {
        // A corrupt value falls back to its default.
      }
    }
    const merged = { ...this.defaults, ...stored };
    const parsed = settingsSchema.safeParse(merged);
    return parsed.success ? parsed.data : this.defaults;
  }

  set(patch: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.get(), ...patch });
    const put = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(patch)) put.run(k, JSON.stringify(v));
    })();
    return next;
  }

  /** Values the main process keeps for itself (window bounds), outside the renderer's Settings. */
  getRaw<T>(key: string): T | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return null;
    }
  }

  setRaw(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }
}
