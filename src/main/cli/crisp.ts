import path from 'node:path';
import { defaultDatabasePath } from '../app-paths.ts';
import { DatabaseTooNewError } from '../db/library-database.ts';
import { storageProblem } from '../db/storage-problem.ts';
import { ModelMismatchError, ModelMissingError } from '../scoring/model-card.ts';
import { ScorerUnavailableError } from '../scoring/scorer-host.ts';
import { ScanError } from '../scan/scan-job.ts';
import { DatabaseOpenError } from '../scan/scan-session.ts';
import { LibraryInUseError } from '../scan/scan-lock.ts';
import { scanCommand, scanUsage, UsageError } from './scan-command.ts';

const usage = `Usage: crisp <command> [options]

Commands:
  scan DIR    index and score a folder of photos
  watch DIR   keep a folder indexed and scored while running (until Ctrl+C)
  export      print the flagged photos as CSV or JSON
  sidecars    write keep / reject decisions to XMP sidecars
  eval DIR…   measure the model on labelled folders (DIR/sharp, DIR/blurry)
  check       check the library database and its backup (quick_check)

Run "crisp <command> --help" for a command's options.

${scanUsage}`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  scan: scanCommand,
  watch: async (argv) => (await import('./watch-command.ts')).watchCommand(argv),
  export: async (argv) => (await import('./library-commands.ts')).exportCommand(argv),
  sidecars: async (argv) => (await import('./library-commands.ts')).sidecarsCommand(argv),
  eval: async (argv) => (await import('./eval-command.ts')).evalCommand(argv),
  check: async (argv) => (await import('./check-command.ts')).checkCommand(argv),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`crisp: unknown command "${name}"\n${usage}\n`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    const known = err instanceof UsageError || err instanceof ScanError || err instanceof ModelMissingError || err instanceof ModelMismatchError
      || err instanceof DatabaseOpenError || err instanceof LibraryInUseError || err instanceof DatabaseTooNewError || err instanceof ScorerUnavailableError;
    const usage = err instanceof UsageError || usageCodes.has(String((err as { code?: unknown }).code));
    const line = known || usage ? (err as Error).message : storageProblem(err, databaseArg(rest));
    process.stderr.write(`crisp: ${line ?? (err as Error).stack ?? String(err)}\n`);
    return usage ? 2 : 1;
  }
}

const usageCodes = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL']);


function databaseArg(argv: string[]): string {
  const i = argv.indexOf('--db');
  const given = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--db='))?.slice(5);
  return path.resolve(given ?? defaultDatabasePath());
}
