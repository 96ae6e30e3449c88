import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AnalysisLevel } from '../../shared/photo-types.ts';
import { SENSITIVITIES, type Sensitivity } from '../../shared/threshold-meaning.ts';
import { defaultDatabasePath } from '../app-paths.ts';
import { loadModelCard } from '../scoring/model-card.ts';
import type { ProviderPolicy } from '../scoring/onnx-session.ts';
import type { ScanSummary } from '../scan/scan-events.ts';
import { ScanJob } from '../scan/scan-job.ts';
import { ScanSession } from '../scan/scan-session.ts';
import { formatDuration, ProgressBar } from './progress-bar.ts';

export const scanUsage = `Usage: crisp scan DIR [--db FILE] [--json] [--sensitivity S | --threshold T] [--strict] [--provider auto|cpu|cuda|dml|coreml] [--quiet]

Indexes DIR recursively into the library and scores every new or changed photo for blur.
  --db FILE        library database (default: ${defaultDatabasePath()})
  --json           one JSON object per photo on stdout, nothing else
  --sensitivity S  relaxed, standard (the default) or strict: the model card's calibrated thresholds
  --threshold T    blur score (0..1) at or above which a photo is flagged
  --strict         pixel-peeper level: analyse at 4096 px instead of 2048 px on the long edge
  --provider P     execution provider; auto tries the GPU, then falls back to CPU
  --quiet          no progress on stderr`;

export interface CommonOptions {
  db: string;
  threshold?: number;
  level: AnalysisLevel;
  provider: ProviderPolicy;
  model?: string;
}

export class UsageError extends Error {}

export function parseCommon(values: Record<string, string | boolean | undefined>): CommonOptions {
  let threshold: number | undefined;
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold);
    if (!Number.isFinite(threshold) || threshold <= 0 || threshold >= 1) throw new UsageError('--threshold must be a number between 0 and 1');
  }
  if (values.sensitivity !== undefined) {
    if (threshold !== undefined) throw new UsageError('--sensitivity and --threshold both set the threshold: give one of them');
    threshold = sensitivityThreshold(String(values.sensitivity), values.model as string | undefined);
  }
  const provider = (values.provider as string | undefined) ?? 'auto';
  if (!['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'].includes(provider)) throw new UsageError(`unknown provider: ${provider}`);
  return {
    db: path.resolve((values.db as string | undefined) ?? defaultDatabasePath()),
    threshold,
    level: values.strict ? 'strict' : 'standard',
    provider: provider as ProviderPolicy,
    model: values.model as string | undefined,
  };
}

/** The card's threshold for a named sensitivity. */
function sensitivityThreshold(name: string, model: string | undefined): number {
  if (!(SENSITIVITIES as readonly string[]).includes(name)) throw new UsageError(`--sensitivity must be one of ${SENSITIVITIES.join(', ')}`);
  const { card } = loadModelCard(model);
  const t = card.calibration?.sensitivities[name as Sensitivity];
  if (t === undefined) throw new UsageError('this model card has no calibrated sensitivities; use --threshold instead');
  return t;
}

export const commonArgs = {
  db: { type: 'string' },
  threshold: { type: 'string' },
  sensitivity: { type: 'string' },
  strict: { type: 'boolean' },
  provider: { type: 'string' },
  model: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What `scan` and `watch` share: one folder, the common options, an open library and scorer. */
export function openFolderCommand(command: string, usage: string, argv: string[]) {
  const { values, positionals } = parseArgs({ args: argv, options: { ...commonArgs, json: { type: 'boolean' } }, allowPositionals: true });
  if (values.help) return { help: usage } as const;
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one folder`);
  const opts = parseCommon(values);
  const log = values.quiet ? () => {} : (l: string) => process.stderr.write(`${l}\n`);
  // A CLI run checks the library as the app does, so damage is restored from the backup before a scan writes into it.
  const session = ScanSession.open({
    databasePath: opts.db, modelCardPath: opts.model, level: opts.level, providerPolicy: opts.provider, threshold: opts.threshold, log, verifyIntegrity: true,
  });
  return { help: null, folder: positionals[0], opts, values, log, session } as const;
}

export async function scanCommand(argv: string[]): Promise<number> {
  const cmd = openFolderCommand('scan', scanUsage, argv);
  if (cmd.help !== null) {
    process.stdout.write(`${cmd.help}\n`);
    return 0;
  }
  const { folder, opts, values, session } = cmd;
  const json = values.json === true;
  try {
    const job = new ScanJob({ root: folder, store: session.store, scorer: session.scorer, threshold: opts.threshold });
    const bar = values.quiet ? null : new ProgressBar(process.stderr, () => session.scorer.ready?.provider ?? '…');
    job.on('progress', (p) => bar?.update(p));
    job.on('problem', (p) => {
      bar?.end();
      process.stderr.write(`warning: ${p.path}: ${p.message}\n`);
    });
    job.on('photo', (line) => {
      if (json) {
        const { path: p, status, blurScore, verdict, error } = line;
        process.stdout.write(`${JSON.stringify({ path: p, status, blurScore, verdict, error })}\n`);
      } else if (line.status === 'error') {
        bar?.end();
        process.stderr.write(`error: ${line.path}: ${line.error}\n`);
      }
    });
    const stop = () => job.cancel();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const summary = await job.run();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    bar?.end();
    if (!values.quiet || !json) process.stderr.write(formatSummary(summary, opts.threshold ?? session.scorer.ready?.threshold ?? 0.5));
  } catch (err) {
    // The reason the scan stopped is what the user needs; closing (a checkpoint on a full disk) may fail for the same reason.
    await session.close().catch(() => {});
    throw err;
  }
  await session.close();
  return 0;
}

export function formatSummary(s: ScanSummary, threshold: number, maxListed = 40): string {
  const lines = [
    `${s.cancelled ? 'Cancelled' : 'Scanned'} ${s.root} in ${formatDuration(s.elapsedMs / 1000)}: ${s.found} photos ` +
      `(${s.scored} scored, ${s.unchanged} unchanged, ${s.errors} errors, ${s.unsupported} unsupported; ${s.missing} newly missing)`,
    `Model ${s.modelId} ${s.modelVersion} on ${s.provider}${s.fallbackReason ? ` (GPU fallback: ${s.fallbackReason})` : ''}`,
    `${s.flagged.length} flagged as blurry (score ≥ ${threshold.toFixed(2)})${s.flagged.length ? ':' : '.'}`,
  ];
  for (const f of s.flagged.slice(0, maxListed)) {
    lines.push(`  ${f.blurScore.toFixed(3)}  ${f.blurType ?? '       '}  ${f.path}`);
  }
  if (s.flagged.length > maxListed) lines.push(`  … and ${s.flagged.length - maxListed} more`);
  return `${lines.join('\n')}\n`;
}
