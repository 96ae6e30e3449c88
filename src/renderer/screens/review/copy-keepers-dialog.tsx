import { useEffect, useState, type FormEvent } from 'react';
import type { CopyKeepersResult } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { ModalDialog } from '../../app/modal-dialog.tsx';
import { useToasts } from '../../app/toast-context.tsx';
import { plural } from '../../format/format-time.ts';

/** "Copy keepers to…": the picked photos, their RAW partners and sidecars, copied (never moved) to a folder. */
export function CopyKeepersDialog({ open, libraryId, onClose }: { open: boolean; libraryId: number | undefined; onClose(): void }) {
  const client = useClient();
  const { show } = useToasts();
  const [dest, setDest] = useState('');
  const [collision, setCollision] = useState<'skip' | 'rename'>('skip');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<CopyKeepersResult | null>(null);

  useEffect(() => { if (open) { setResult(null); setProgress(null); } }, [open]);
  useEffect(() => (open ? client.on('copy:progress', setProgress) : undefined), [client, open]);

  async function pick() {
    const folder = await client.call('folders:pick').catch(() => null);
    if (folder) setDest(folder);
  }

  async function copy(e: FormEvent) {
    e.preventDefault();
    if (!dest.trim() || busy) return;
    setBusy(true);
    setResult(null);
    try {
      const r = await client.call('keepers:copy', { dest: dest.trim(), collision, ...(libraryId === undefined ? {} : { libraryId }) });
      setResult(r);
      if (r.failed.length > 0) show('error', `${plural(r.failed.length, 'file')} could not be copied.`, 'The list in the dialog says why.');
      else show('success', `Copied ${plural(r.copied.length, 'file')} to ${r.dest}`);
    } catch {
      // Reported by the client.
    } finally {
      setBusy(false);
    }
  }

  return (
    <ModalDialog open={open} title="Copy keepers to a folder" onClose={onClose} className="copy-keepers">
      <form onSubmit={(e) => void copy(e)}>
        <p className="modal-content">
          Copies every picked photo (P or K) with its RAW or JPEG partner and its XMP sidecars. The originals stay where they are.
        </p>
        <div className="setting-row">
          <label htmlFor="copy-dest">Folder</label>
          <input id="copy-dest" type="text" value={dest} onChange={(e) => setDest(e.target.value)} spellCheck={false} autoComplete="off" data-autofocus
            placeholder="/home/ana/Edit/2024-05" />
          <button type="button" onClick={() => void pick()}>Choose…</button>
        </div>
        <fieldset className="setting-row">
          <legend>When a file of that name is already there</legend>
          <label><input type="radio" name="collision" checked={collision === 'skip'} onChange={() => setCollision('skip')} /> Skip it</label>
          <label><input type="radio" name="collision" checked={collision === 'rename'} onChange={() => setCollision('rename')} /> Copy as “name (2)”</label>
        </fieldset>
        {busy && progress && (
          <progress className="copy-progress" aria-label="Copy progress" max={progress.total} value={progress.done}>{progress.done} / {progress.total}</progress>
        )}
        {result && (
          <div className="move-report" role="status" data-testid="copy-report">
            {`Copied ${plural(result.copied.length, 'file')}`}
            {result.renamed.length > 0 && `, ${plural(result.renamed.length, 'file')} under a new name`}
            {result.skipped.length > 0 && `, skipped ${plural(result.skipped.length, 'file')} already there`}
            {result.failed.length > 0 && `; ${plural(result.failed.length, 'file')} failed: ${result.failed.map((f) => `${f.path}: ${f.message}`).join('; ')}`}
            .
          </div>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose} disabled={busy}>{result ? 'Close' : 'Cancel'}</button>
          <button type="submit" className="primary" disabled={busy || dest.trim() === ''}>{busy ? 'Copying…' : 'Copy keepers'}</button>
        </div>
      </form>
    </ModalDialog>
  );
}
