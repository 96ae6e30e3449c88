import type { ScanProgressEvent } from '../../../shared/review-types.ts';
import { formatCount, formatDuration } from '../../format/format-time.ts';

function providerLabel(provider: string): string {
  const known: Record<string, string> = { cpu: 'CPU', cuda: 'CUDA', dml: 'DirectML', coreml: 'Core ML', tensorrt: 'TensorRT' };
  return known[provider.toLowerCase()] ?? provider.toUpperCase();
}

export function ScanProgress({ progress }: { progress: ScanProgressEvent }) {
  const walking = progress.stage === 'walking';
  const fraction = progress.toScore > 0 ? Math.min(1, progress.scored / progress.toScore) : walking ? 0 : 1;
  const counts = `${formatCount(progress.scored)} / ${formatCount(progress.toScore)} scored`;
  const label = walking ? `Finding photos… ${formatCount(progress.found)} found`
    : progress.stage === 'done' ? `Scan complete · ${counts}`
      : progress.stage === 'cancelled' ? `Cancelled · ${counts}`
        : progress.stage === 'failed' ? `Failed · ${counts}`
          : counts;
  const running = progress.stage === 'scoring';
  return (
    <div className="scan-progress" data-stage={progress.stage}>
      <div
        className={`progress-track${walking ? ' indeterminate' : ''}${progress.paused ? ' paused' : ''}`}
        role="progressbar"
        aria-label="Scan progress"
        aria-valuemin={0}
        aria-valuemax={progress.toScore}
        aria-valuenow={walking ? undefined : progress.scored}
        aria-valuetext={label}
      >
        <div className="progress-fill" style={{ transform: `scaleX(${fraction})` }} />
      </div>
      <div className="scan-stats">
        <span className="scan-count">{label}</span>
        {progress.paused && <span className="badge badge-warn">Paused</span>}
        {!walking && <span className="scan-rate">{progress.photosPerSecond.toFixed(1)} photos/s</span>}
        {running && !progress.paused && progress.etaSeconds !== null && (
          <span className="scan-eta">ETA {formatDuration(progress.etaSeconds)}</span>
        )}
        {progress.provider && (
          <span className="badge badge-provider" title="Execution provider running the blur model">{providerLabel(progress.provider)}</span>
        )}
      </div>
    </div>
  );
}
