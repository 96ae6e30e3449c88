/**
 * Child process of `npm run bench`: times a rescan of a large, already-scored library and
 * reports its own peak RSS (the parent's setup work would otherwise count against it).
 */
import { ScanJob } from '../src/main/scan/scan-job.ts';
import { ScanSession } from '../src/main/scan/scan-session.ts';
import { peakRssMb } from './peak-rss.ts';

const [root, databasePath] = process.argv.slice(2);
const session = ScanSession.open({ databasePath, providerPolicy: 'cpu' });
await session.scorer.start();
const job = new ScanJob({ root, store: session.store, scorer: session.scorer });
let lines = 0;
job.on('photo', () => lines++);
const t0 = performance.now();
const summary = await job.run();
const seconds = (performance.now() - t0) / 1000;
const scorerPeak = session.scorer.pid ? peakRssMb(session.scorer.pid) : 0;
await session.close();
process.stdout.write(`${JSON.stringify({ seconds, lines, unchanged: summary.unchanged, scored: summary.scored, peakRssMb: process.resourceUsage().maxRSS / 1024, scorerPeakRssMb: scorerPeak })}\n`);

