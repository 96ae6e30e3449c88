import { useEffect, useState } from 'react';
import type { PhotoProblem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { ModalDialog } from '../../app/modal-dialog.tsx';

interface Props {
  libraryId: number;
  open: boolean;
  onClose(): void;
}

/** The photos of a library Crisp could not judge, each with its reason (truncated, RAW preview too small, unreadable…). */
export function ProblemListDialog({ libraryId, open, onClose }: Props) {
  const client = useClient();
  const [problems, setProblems] = useState<PhotoProblem[] | null>(null);
  useEffect(() => {
    if (!open) return;
    setProblems(null);
    client.call('photos:problems', { libraryId }).then(setProblems, () => setProblems([]));
  }, [client, libraryId, open]);

  return (
    <ModalDialog open={open} title="Photos Crisp could not judge" onClose={onClose} className="problem-dialog">
      {problems === null ? <p>Loading…</p> : problems.length === 0 ? <p>None.</p> : (
        <ul className="problem-list" data-testid="problem-list">
          {problems.map((p) => (
            <li key={p.photoId}>
              <span className="problem-name" title={p.path}>{p.fileName}</span>
              <span className="problem-message">{p.message}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="problem-note">These files are left as they are and keep no verdict; they are looked at again on the next scan.</p>
      <div className="modal-actions"><button type="button" className="primary" data-autofocus onClick={onClose}>Close</button></div>
    </ModalDialog>
  );
}
