import type { ScanProgress } from '../scan/scan-events.ts';

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

export function progressLine(p: ScanProgress, provider: string, width = 28): string {
  if (p.stage === 'walking') return `Indexing… ${p.found} photos found`;
  const frac = p.toScore > 0 ? p.scored / p.toScore : 1;
  const filled = Math.round(frac * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const eta = p.etaSeconds === null ? '--' : formatDuration(p.etaSeconds);
  return `${bar} ${p.scored}/${p.toScore}  ${p.photosPerSecond.toFixed(1)} photos/s  ETA ${eta}  [${provider}]${p.paused ? ' (paused)' : ''}`;
}

/** Redraws one line on a terminal; on a pipe or log file, prints a line every few seconds instead. */
export class ProgressBar {
  private lastPrint = 0;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream, private readonly provider: () => string) {}

  update(p: ScanProgress): void {
    const line = progressLine(p, this.provider());
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line}`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPrint >= 3000 || (p.stage === 'scoring' && p.scored === p.toScore && p.toScore > 0)) {
      this.lastPrint = now;
      this.out.write(`${line}\n`);
    }
  }

  end(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
