import { LibraryWatcher } from '../watch/library-watcher.ts';
import { ProgressBar } from './progress-bar.ts';
import { openFolderCommand } from './scan-command.ts';

export const watchUsage = `Usage: crisp watch DIR [--db FILE] [--json] [--sensitivity S | --threshold T] [--strict] [--quiet]

Reconciles DIR with the library (like "crisp scan"), then keeps watching it: new and changed
photos are scored once each when fully written, renames keep their scores, deletions are marked
missing. Runs until Ctrl+C (SIGINT) or SIGTERM, then exits cleanly. --json prints one line per
photo, as "crisp scan --json" does.`;

export async function watchCommand(argv: string[]): Promise<number> {
  const cmd = openFolderCommand('watch', watchUsage, argv);
  if (cmd.help !== null) {
    process.stdout.write(`${cmd.help}\n`);
    return 0;
  }
  const { folder, opts, values, log, session } = cmd;
  const watcher = new LibraryWatcher({ root: folder, session, threshold: opts.threshold, log });
  const bar = values.quiet ? null : new ProgressBar(process.stderr, () => session.scorer.ready?.provider ?? '…');
  watcher.on('progress', (p) => bar?.update(p));
  watcher.on('backlog', (b) => {
    if (!values.quiet && process.stderr.isTTY) process.stderr.write(`\r\x1b[2KWatching: ${b.pending} waiting, ${b.inFlight} scoring, ${b.scored} scored${b.online ? '' : ' (offline)'}`);
  });
  watcher.on('problem', (p) => log(`warning: ${p.path}: ${p.message}`));
  watcher.on('photo', (l) => {
    if (values.json) process.stdout.write(`${JSON.stringify({ path: l.path, status: l.status, blurScore: l.blurScore, verdict: l.verdict, error: l.error })}\n`);
    else if (l.status === 'error') log(`error: ${l.path}: ${l.error}`);
    else if (l.status === 'scored' && !values.quiet) log(`${l.verdict === 'blurry' ? 'BLURRY' : 'sharp '} ${l.blurScore!.toFixed(3)}  ${l.path}`);
  });

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      log('stopping…');
      await watcher.stop();
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let failed = false;
  try {
    await watcher.start();
    bar?.end();
    if (!stopping) log(`watching ${watcher.root} (Ctrl+C to stop)`);
    await new Promise<void>((resolve) => {
      const wait = () => (stopping ? stopping.then(resolve) : setTimeout(wait, 100));
      wait();
    });
    return 0;
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    // When the watch failed, its reason is what the user needs, not a second failure on the way out.
    await watcher.stop().catch((e: unknown) => {
      if (!failed) throw e;
    });
    await session.close().catch((e: unknown) => {
      if (!failed) throw e;
    });
  }
}
