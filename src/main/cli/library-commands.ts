import path from 'node:path';
import { parseArgs } from 'node:util';
import { openOrRestore } from '../db/database-backup.ts';
import { exportFlagged } from '../bursts/flagged-export.ts';
import { ReviewQueries } from '../app/review-queries.ts';
import { writeDecisionSidecars } from '../app/sidecar-export.ts';
import { loadModelCard, tileGeometry } from '../scoring/model-card.ts';
import { defaultDatabasePath } from '../app-paths.ts';
import { UsageError } from './scan-command.ts';

export const exportUsage = `Usage: crisp export [DIR] [--db FILE] [--format csv|json] [--threshold T]

Prints the flagged photos (path, blur score, verdict, blur type, burst id, decision, rating,
label) of the library, or of the library rooted at DIR, less those you kept, as CSV (default) or JSON.`;

export const sidecarsUsage = `Usage: crisp sidecars [DIR] [--db FILE] [--convention replace-extension|append-extension] [--keep-label LABEL]

Writes review decisions to XMP sidecars that Lightroom, darktable, digiKam and Capture One read:
marked for trash = rejected (xmp:Rating -1), kept = LABEL (default Green). Existing sidecars are
merged; photos are never touched. replace-extension writes IMG_1234.xmp (Lightroom, Capture One),
append-extension IMG_1234.CR2.xmp (darktable, digiKam).`;

function openReadonlyLibrary(values: { db?: string }, dir: string | undefined) {
  const file = path.resolve(values.db ?? defaultDatabasePath());
  const { db, restored } = openOrRestore(file);
  if (restored) process.stderr.write(`crisp: ${file}: ${restored.reason}; restored the backup of ${restored.backupTime.toISOString()}\n`);
  let libraryId: number | undefined;
  if (dir) {
    const row = db.prepare('SELECT id FROM libraries WHERE path = ?').get(path.resolve(dir)) as { id: number } | undefined;
    if (!row) {
      db.close();
      throw new UsageError(`${path.resolve(dir)} is not a library in this database; scan it first`);
    }
    libraryId = row.id;
  }
  return { db, libraryId };
}

export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { db: { type: 'string' }, format: { type: 'string' }, threshold: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${exportUsage}\n`);
    return 0;
  }
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
  const { card } = loadModelCard();
  const threshold = values.threshold !== undefined ? Number(values.threshold) : card.threshold;
  if (!(threshold > 0 && threshold < 1)) throw new UsageError('--threshold must be a number between 0 and 1');
  const { db, libraryId } = openReadonlyLibrary(values, positionals[0]);
  try {
    process.stdout.write(exportFlagged(new ReviewQueries(db, (level) => tileGeometry(card, level)).flaggedForExport(threshold, libraryId), format));
    return 0;
  } finally {
    db.close();
  }
}

export async function sidecarsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { db: { type: 'string' }, convention: { type: 'string' }, 'keep-label': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${sidecarsUsage}\n`);
    return 0;
  }
  const convention = values.convention ?? 'replace-extension';
  if (convention !== 'replace-extension' && convention !== 'append-extension') throw new UsageError('--convention must be replace-extension or append-extension');
  const { db, libraryId } = openReadonlyLibrary(values, positionals[0]);
  try {
    const r = await writeDecisionSidecars(db, { convention, keepLabel: values['keep-label'] ?? 'Green', threshold: loadModelCard().card.threshold, libraryId });
    for (const f of r.failed) process.stderr.write(`error: ${f.path}: ${f.message}\n`);
    process.stderr.write(`${r.written} sidecar(s) written${r.failed.length ? `, ${r.failed.length} failed` : ''}\n`);
    return 0;
  } finally {
    db.close();
  }
}
