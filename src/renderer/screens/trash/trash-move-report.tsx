import type { TrashMoveResult } from '../../../shared/review-types.ts';
import { baseName } from '../../format/file-path.ts';
import { plural } from '../../format/format-time.ts';

export function TrashMoveReport({ result, onDismiss }: { result: TrashMoveResult; onDismiss(): void }) {
  return (
    <div className={`move-report${result.failed.length ? ' has-failures' : ''}`} role={result.failed.length ? 'alert' : 'status'} data-testid="move-report">
      <div className="move-report-head">
        <strong>{plural(result.moved.length, 'photo')} moved to the Trash.</strong>
        {result.failed.length > 0 && <span> {plural(result.failed.length, 'photo')} could not be moved:</span>}
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Dismiss report" onClick={onDismiss}>×</button>
      </div>
      {result.failed.length > 0 && (
        <ul className="move-failures">
          {result.failed.map((f) => (
            <li key={f.photoId}>
              <span className="failure-name" title={f.path}>{baseName(f.path)}</span>
              <span className="failure-why">{f.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
