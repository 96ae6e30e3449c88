import { ExifTool } from 'exiftool-vendored';

let instance: ExifTool | null = null;

/**
 * One long-lived exiftool (the Perl script bundled by exiftool-vendored, run with the system
 * perl), started on first use: starting perl per photo would cost more than the read itself.
 */
export function exiftool(): ExifTool {
  // MWG mode ignores the non-standard EXIF block where Panasonic keeps its maker notes.
  instance ??= new ExifTool({ maxProcs: 2, taskTimeoutMillis: 30_000, useMWG: false });
  return instance;
}

/** The running exiftool (perl) processes; none before first use. */
export function exiftoolPids(): number[] {
  return instance?.pids ?? [];
}

export async function closeExiftool(): Promise<void> {
  const running = instance;
  instance = null;
  if (running) await running.end();
}
