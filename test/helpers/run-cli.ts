import { spawn, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import type { ScanReportLine } from '../../src/shared/photo-types.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const crispBin = path.join(repoRoot, 'bin/crisp.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: SpawnOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [crispBin, ...args], { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses --json output strictly: every stdout line must be one JSON object. */
export function jsonLines(stdout: string): ScanReportLine[] {
  return stdout.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as ScanReportLine);
}

export function byName(lines: ScanReportLine[]): Map<string, ScanReportLine> {
  return new Map(lines.map((l) => [path.basename(l.path), l]));
}
