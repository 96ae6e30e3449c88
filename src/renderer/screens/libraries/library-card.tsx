import type { LibrarySummary, ScanProgressEvent } from '../../../shared/review-types.ts';
import { useEffect, useState } from 'react';
import { useClient } from '../../api/client-context.tsx';
import { ConfirmDialog } from '../../app/modal-dialog.tsx';
import { formatCount, formatRelative } from '../../format/format-time.ts';
import type { WatchBacklog } from '../../app/libraries-context.tsx';
import { ProblemListDialog } from './problem-list-dialog.tsx';
import { ScanProgress } from './scan-progress.tsx';

interface Props {
  library: LibrarySummary;
  progress: ScanProgressEvent | undefined;
  backlog?: WatchBacklog;
  onReview(libraryId: number): void;
}

const activeStages = new Set(['walking', 'scoring']);

export function LibraryCard({ library, progress, backlog, onReview }: Props) {
  const client = useClient();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  // The engine reports pause only with its next progress event, which a paused scan may never send:
  // once the pause or resume call is accepted, that is the state to show.
  const [pausedIntent, setPausedIntent] = useState<boolean | null>(null);
  const scanning = library.scanning || (progress !== undefined && activeStages.has(progress.stage));
  useEffect(() => { if (!scanning) setPausedIntent(null); }, [scanning]);
  const paused = scanning && (pausedIntent ?? progress?.paused === true);
  const ref = { libraryId: library.id };
  const ignore = () => {};
  const name = library.path.split(/[\\/]/).filter(Boolean).pop() ?? library.path;

  return (
    <li className="library-card" aria-label={`Library ${name}`} data-library-id={library.id}>
      <div className="library-head">
        <div className="library-title">
          <h3>{name}</h3>
          <span className="library-path" title={library.path}>{library.path}</span>
        </div>
        <span className={`badge ${library.online ? 'badge-ok' : 'badge-off'}`}>{library.online ? 'Online' : 'Offline'}</span>
      </div>
      <dl className="library-stats">
        <div><dt>Photos</dt><dd data-testid="photo-count">{formatCount(library.photoCount)}</dd></div>
        <div><dt>Flagged</dt><dd data-testid="flagged-count">{formatCount(library.flaggedCount)}</dd></div>
        <div><dt>Last scan</dt><dd>{library.lastScanAt ? formatRelative(library.lastScanAt) : 'Never'}</dd></div>
      </dl>
      {library.errorCount > 0 && (
        <button type="button" className="link-button problem-link" data-testid="problem-count" onClick={() => setShowProblems(true)}>
          {formatCount(library.errorCount)} {library.errorCount === 1 ? 'photo' : 'photos'} could not be judged
        </button>
      )}
      <ProblemListDialog libraryId={library.id} open={showProblems} onClose={() => setShowProblems(false)} />
      {progress && <ScanProgress progress={scanning ? { ...progress, paused } : progress} />}
      {library.watched && (
        <p className="watch-status" role="status" data-testid="watch-status">
          {!library.online ? 'Watching — folder offline; resumes when it returns'
            : backlog && backlog.pending + backlog.inFlight > 0 ? `Watching — ${formatCount(backlog.pending)} waiting, ${formatCount(backlog.inFlight)} scoring`
            : 'Watching — up to date'}
        </p>
      )}
      {progress?.stage === 'failed' && progress.error && <p className="error-text" role="alert">Scan failed: {progress.error}</p>}
      <div className="library-actions">
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={library.watched}
            aria-label={`Watch ${name} for new photos`}
            onChange={(e) => client.call('libraries:setWatched', { libraryId: library.id, watched: e.target.checked }).catch(ignore)}
          />
          <span className="switch-track" aria-hidden="true" />
          <span>Watch for new photos</span>
        </label>
        <span className="spacer" />
        {scanning ? (
          <>
            <button
              type="button"
              onClick={() => client.call(paused ? 'scan:resume' : 'scan:pause', ref).then(() => setPausedIntent(!paused), ignore)}
            >
              {paused ? 'Resume' : 'Pause'}
            </button>
            <button type="button" onClick={() => client.call('scan:cancel', ref).catch(ignore)}>Cancel scan</button>
          </>
        ) : (
          <>
            <button type="button" disabled={!library.online} onClick={() => client.call('scan:start', ref).catch(ignore)}>
              {library.lastScanAt ? 'Rescan' : 'Scan'}
            </button>
            <button type="button" onClick={() => setConfirmRemove(true)}>Remove</button>
          </>
        )}
        <button type="button" className="primary" disabled={library.flaggedCount === 0} onClick={() => onReview(library.id)}>
          Review {library.flaggedCount > 0 ? formatCount(library.flaggedCount) : ''}
        </button>
      </div>
      <ConfirmDialog
        open={confirmRemove}
        title={`Remove ${name}?`}
        confirmLabel="Remove library"
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => {
          setConfirmRemove(false);
          client.call('libraries:remove', ref).catch(ignore);
        }}
      >
        <p>Crisp forgets this folder and its scores and decisions. The photos on disk are not touched.</p>
      </ConfirmDialog>
    </li>
  );
}
