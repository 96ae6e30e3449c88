import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** Ordered, append-only. The pending ones run in one write transaction; each bumps PRAGMA user_version. */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'libraries, photos, scores, errors',
    up: (db) => {
      db.exec(`
        CREATE TABLE libraries (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE,
          added_at INTEGER NOT NULL,
          last_scan_at INTEGER,
          watched INTEGER NOT NULL DEFAULT 0 CHECK (watched IN (0, 1)),
          online INTEGER NOT NULL DEFAULT 1 CHECK (online IN (0, 1))
        ) STRICT;

        CREATE TABLE photos (
          id INTEGER PRIMARY KEY,
          library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
          path TEXT NOT NULL UNIQUE,
          format TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'scored', 'error', 'unsupported', 'missing', 'trashed')),
          size INTEGER NOT NULL,
          mtime_ms INTEGER NOT NULL,
          fingerprint TEXT,
          width INTEGER,
          height INTEGER,
          orientation INTEGER,
          exif_make TEXT,
          exif_model TEXT,
          exif_lens TEXT,
          focal_length REAL,
          focal_length_35 REAL,
          exposure_time REAL,
          f_number REAL,
          iso INTEGER,
          taken_at TEXT,
          thumb_path TEXT,
          indexed_at INTEGER NOT NULL,
          missing_since INTEGER
        ) STRICT;
        CREATE INDEX photos_by_library ON photos(library_id, status);
        CREATE INDEX photos_by_fingerprint ON photos(fingerprint);

        CREATE TABLE scores (
          photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
          model_id TEXT NOT NULL,
          model_version TEXT NOT NULL,
          level TEXT NOT NULL CHECK (level IN ('standard', 'strict')),
          blur_score REAL NOT NULL CHECK (blur_score BETWEEN 0 AND 1),
          verdict TEXT NOT NULL CHECK (verdict IN ('sharp', 'blurry')),
          blur_type TEXT CHECK (blur_type IN ('defocus', 'motion')),
          motion_score REAL,
          tile_cols INTEGER NOT NULL,
          tile_rows INTEGER NOT NULL,
          tile_blur BLOB NOT NULL,
          tile_used BLOB NOT NULL,
          provider TEXT NOT NULL,
          scored_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX scores_by_blur ON scores(blur_score);

        CREATE TABLE photo_errors (
          id INTEGER PRIMARY KEY,
          photo_id INTEGER REFERENCES photos(id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          code TEXT NOT NULL,
          message TEXT NOT NULL,
          at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX photo_errors_by_photo ON photo_errors(photo_id);
      `);
    },
  },
  {
    version: 2,
    name: 'review decisions, trash log, settings',
    up: (db) => {
      db.exec(`
        CREATE TABLE decisions (
          photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
          decision TEXT NOT NULL CHECK (decision IN ('keep', 'trash')),
          decided_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE trash_log (
          id INTEGER PRIMARY KEY,
          photo_id INTEGER REFERENCES photos(id) ON DELETE SET NULL,
          original_path TEXT NOT NULL,
          fingerprint TEXT,
          size INTEGER NOT NULL,
          trashed_at INTEGER NOT NULL,
          trash_path TEXT,
          status TEXT NOT NULL CHECK (status IN ('trashed', 'restored', 'failed')),
          error TEXT,
          restored_at INTEGER
        ) STRICT;
        CREATE INDEX trash_log_by_time ON trash_log(trashed_at);

        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 3,
    name: 'decoded source (RAW preview, HEIC), perceptual hash, AF point, bursts, sidecar ratings',
    up: (db) => {
      db.exec(`
        ALTER TABLE photos ADD COLUMN source_kind TEXT CHECK (source_kind IN ('file', 'raw-preview', 'heic'));
        ALTER TABLE photos ADD COLUMN preview_tag TEXT;
        ALTER TABLE photos ADD COLUMN preview_width INTEGER;
        ALTER TABLE photos ADD COLUMN preview_height INTEGER;
        ALTER TABLE photos ADD COLUMN phash TEXT;
        ALTER TABLE photos ADD COLUMN af_x REAL;
        ALTER TABLE photos ADD COLUMN af_y REAL;
        ALTER TABLE photos ADD COLUMN burst_id TEXT;
        ALTER TABLE photos ADD COLUMN xmp_rating INTEGER;
        ALTER TABLE photos ADD COLUMN xmp_label TEXT;
        CREATE INDEX photos_by_burst ON photos(burst_id);
        CREATE INDEX photos_by_taken ON photos(library_id, taken_at);
      `);
    },
  },
  {
    version: 4,
    name: 'shot key: the files of one shot (RAW+JPEG) share it',
    up: (db) => {
      db.exec('ALTER TABLE photos ADD COLUMN shot_key TEXT; CREATE INDEX photos_by_shot ON photos(shot_key);');
      const set = db.prepare('UPDATE photos SET shot_key = ? WHERE id = ?');
      for (const row of db.prepare('SELECT id, path FROM photos').all() as { id: number; path: string }[]) set.run(shotKey(row.path), row.id);
    },
  },
  {
    version: 5,
    name: "photographers' marks (rating, colour label); sidecars that went to the trash with their photo",
    up: (db) => {
      db.exec(`
        CREATE TABLE photo_marks (
          photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
          rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
          label TEXT NOT NULL DEFAULT '',
          marked_at INTEGER NOT NULL
        ) STRICT;
        ALTER TABLE trash_log ADD COLUMN sidecars TEXT;
      `);
    },
  },
];

/** IMG_1234.CR2 and IMG_1234.JPG in one folder are one shot. */
export function shotKey(file: string): string {
  const dot = file.lastIndexOf('.');
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return (dot > slash ? file.slice(0, dot) : file).toLowerCase();
}

export function assertMigrationsOrdered(list: Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}
