import path from 'node:path';
import { nodeScorerSpawner } from '../../src/main/scoring/node-scorer-process.ts';
import type { ScanEvents, ScanSummary } from '../../src/main/scan/scan-events.ts';
import { ScanJob } from '../../src/main/scan/scan-job.ts';
import { ScanSession, type ScanSessionOptions } from '../../src/main/scan/scan-session.ts';
import { tempDir } from './photo-factory.ts';

export interface HarnessRun {
  summary: ScanSummary;
  lines: Map<string, ScanEvents['photo'][0]>;
}

/** An in-process scan on a real SQLite file with the real scorer child process. */
export function openSession(opts: Partial<ScanSessionOptions> & { env?: NodeJS.ProcessEnv } = {}): ScanSession {
  return ScanSession.open({
    databasePath: opts.databasePath ?? path.join(tempDir(), 'library.db'),
    providerPolicy: 'cpu',
    ...opts,
    spawner: opts.spawner ?? nodeScorerSpawner(opts.env ?? process.env),
  });
}

export async function scan(session: ScanSession, root: string, setup?: (job: ScanJob) => void): Promise<HarnessRun> {
  const job = new ScanJob({ root, store: session.store, scorer: session.scorer });
  const lines: HarnessRun['lines'] = new Map();
  job.on('photo', (l) => lines.set(path.relative(root, l.path), l));
  setup?.(job);
  const summary = await job.run();
  return { summary, lines };
}
