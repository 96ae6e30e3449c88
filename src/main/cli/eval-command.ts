import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BlurType } from '../../shared/photo-types.ts';
import { ScanJob } from '../scan/scan-job.ts';
import { ScanSession } from '../scan/scan-session.ts';
import { evalMetrics, type EvalMetrics, type LabelledResult } from './eval-metrics.ts';
import { commonArgs, parseCommon, UsageError } from './scan-command.ts';

export const evalUsage = `Usage: crisp eval DIR [DIR...] [--sensitivity S | --threshold T] [--strict] [--json] [--split FILE --part NAME]

Scores labelled photo sets through the same engine as "crisp scan" (in a throw-away library) and
prints, per DIR: n, TPR (share of blurry flagged), TNR (share of sharp kept), AUROC and, where
DIR/labels.csv gives blur_type, blur-type accuracy on the flagged blurry photos.
Each DIR holds sharp/ and/or blurry/ sub-folders.
  --split FILE --part NAME   count only the photos that FILE (a TSV with file and part columns, paths
                             relative to FILE's folder, e.g. real/SPLIT.tsv) puts in part NAME`;

/** SPLIT.tsv: file<TAB>scene<TAB>part, file relative to the TSV's folder; returns absolute path -> part. */
export function readSplit(file: string): Map<string, string> {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: split file not found; pass the path of a SPLIT.tsv`);
  const [header, ...rows] = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const cols = header.split('\t');
  const fileCol = cols.indexOf('file');
  const partCol = cols.indexOf('part');
  if (fileCol < 0 || partCol < 0) throw new UsageError(`${file}: needs "file" and "part" columns (tab-separated)`);
  const out = new Map<string, string>();
  for (const row of rows) {
    const cells = row.split('\t');
    out.set(path.resolve(path.dirname(file), cells[fileCol].trim()), cells[partCol].trim());
  }
  return out;
}

/** labels.csv: file,label,blur_type,... with file relative to DIR (e.g. blurry/x.jpg). */
function readBlurTypes(dir: string): Map<string, BlurType> {
  const file = path.join(dir, 'labels.csv');
  const out = new Map<string, BlurType>();
  if (!fs.existsSync(file)) return out;
  const [header, ...rows] = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const cols = header.split(',');
  const fileCol = cols.indexOf('file');
  const typeCol = cols.indexOf('blur_type');
  if (fileCol < 0 || typeCol < 0) return out;
  for (const row of rows) {
    const cells = row.split(',');
    const t = cells[typeCol]?.trim();
    if (t === 'defocus' || t === 'motion') out.set(path.normalize(cells[fileCol].trim()), t);
  }
  return out;
}

const pct = (v: number | null) => (v === null ? '   –  ' : v.toFixed(3).padStart(6));

export function formatEval(dir: string, m: EvalMetrics, threshold: number): string {
  const lines = [
    `${dir}`,
    `  n=${m.n} (sharp ${m.sharp}, blurry ${m.blurry}${m.errors ? `, ${m.errors} errors` : ''})  threshold ${threshold.toFixed(3)}`,
    `  TPR ${pct(m.tpr)}   TNR ${pct(m.tnr)}   AUROC ${pct(m.auroc)}   blur type ${pct(m.blurTypeAccuracy)}${m.blurTypeJudged ? ` (of ${m.blurTypeJudged} flagged)` : ''}`,
  ];
  for (const r of m.missed) lines.push(`  missed blurry  ${r.blurScore!.toFixed(3)}  ${r.file}`);
  for (const r of m.falseAlarms) lines.push(`  flagged sharp  ${r.blurScore!.toFixed(3)}  ${r.file}`);
  return `${lines.join('\n')}\n`;
}

export async function evalCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, options: { ...commonArgs, json: { type: 'boolean' }, split: { type: 'string' }, part: { type: 'string' } }, allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${evalUsage}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('eval needs at least one folder');
  if ((values.split === undefined) !== (values.part === undefined)) throw new UsageError('--split and --part go together');
  const split = values.split === undefined ? null : readSplit(path.resolve(values.split));
  const inPart = (file: string) => split === null || split.get(path.resolve(file)) === values.part;
  const opts = parseCommon({ ...values, db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crisp-eval-')), 'eval.db') });
  const session = ScanSession.open({ databasePath: opts.db, modelCardPath: opts.model, level: opts.level, providerPolicy: opts.provider, threshold: opts.threshold });
  try {
    const ready = await session.scorer.start();
    const threshold = opts.threshold ?? ready.threshold;
    process.stderr.write(`Model ${ready.modelId} ${ready.modelVersion}, ${ready.level} level, on ${ready.provider}\n`);
    for (const dir of positionals.map((d) => path.resolve(d))) {
      const types = readBlurTypes(dir);
      const results: LabelledResult[] = [];
      for (const label of ['sharp', 'blurry'] as const) {
        const sub = path.join(dir, label);
        if (!fs.existsSync(sub)) continue;
        const job = new ScanJob({ root: sub, store: session.store, scorer: session.scorer, threshold });
        job.on('photo', (l) => {
          if (l.status === 'unsupported' || !inPart(l.path)) return;
          const rel = path.relative(dir, l.path);
          results.push({ file: rel, label, blurScore: l.blurScore, blurType: l.blurType, trueBlurType: types.get(rel) ?? null, error: l.error });
        });
        await job.run();
      }
      if (results.length === 0) {
        throw new UsageError(split ? `${dir} has no photos in part "${values.part}" of ${values.split}` : `${dir} has no sharp/ or blurry/ photos`);
      }
      results.sort((a, b) => a.file.localeCompare(b.file));
      const m = evalMetrics(results, threshold);
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ dir, threshold, ...m, results })}\n`);
      } else {
        process.stdout.write(formatEval(split ? `${dir} (${values.part} part)` : dir, m, threshold));
        for (const r of results.filter((x) => x.error)) process.stdout.write(`  error  ${r.file}: ${r.error}\n`);
      }
    }
    return 0;
  } finally {
    await session.close();
    fs.rmSync(path.dirname(opts.db), { recursive: true, force: true });
  }
}
