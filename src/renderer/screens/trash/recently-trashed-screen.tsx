import { useEffect, useState } from 'react';
import type { TrashLogEntry } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { useLibraries } from '../../app/libraries-context.tsx';
import { useReviewSession } from '../../app/review-session-context.tsx';
import { useToasts } from '../../app/toast-context.tsx';
import { useTrashName } from '../../app/use-trash-name.ts';
import { baseName, dirName } from '../../format/file-path.ts';
import { formatBytes } from '../../format/format-bytes.ts';
import { formatRelative, formatWhen } from '../../format/format-time.ts';

export function RecentlyTrashedScreen() {
  const client = useClient();
  const trashName = useTrashName();
  const { show } = useToasts();
  const { refresh } = useLibraries();
  const { refreshTrashCount } = useReviewSession();
  const [entries, setEntries] = useState<TrashLogEntry[] | null>(null);
  const [restoring, setRestoring] = useState<ReadonlySet<number>>(new Set());

  useEffect(() => {
    client.call('trash:recent').then(setEntries, () => setEntries([]));
  }, [client]);

  async function restore(entry: TrashLogEntry) {
    setRestoring((s) => new Set(s).add(entry.id));
    try {
      const updated = await client.call('trash:restore', { logId: entry.id });
      setEntries((all) => all?.map((e) => (e.id === updated.id ? updated : e)) ?? null);
      show('success', `Restored ${baseName(entry.originalPath)}`, dirName(entry.originalPath));
      refreshTrashCount();
      refresh().catch(() => {});
    } catch {
      // Reported by the client.
    } finally {
      setRestoring((s) => { const n = new Set(s); n.delete(entry.id); return n; });
    }
  }

  return (
    <section className="screen recent-screen" aria-labelledby="recent-title">
      <header className="screen-header">
        <h1 id="recent-title">Recently trashed</h1>
        <span className="screen-subtitle" data-testid="recent-subtitle">Photos Crisp moved to {trashName}. Restore puts a photo back where it was.</span>
      </header>
      {entries === null ? (
        <div className="empty-state" aria-busy="true">Loading…</div>
      ) : entries.length === 0 ? (
        <div className="empty-state"><h2>Nothing trashed recently</h2><p>Photos you send to the Trash from the trash review appear here.</p></div>
      ) : (
        <table className="recent-table">
          <thead>
            <tr><th scope="col">Photo</th><th scope="col">Folder</th><th scope="col">Size</th><th scope="col">Trashed</th><th scope="col">Status</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-log-id={e.id} data-status={e.status}>
                <td className="recent-name">{baseName(e.originalPath)}</td>
                <td className="recent-dir" title={e.originalPath}>{dirName(e.originalPath)}</td>
                <td>{formatBytes(e.size)}</td>
                <td title={formatWhen(e.trashedAt)}>{formatRelative(e.trashedAt)}</td>
                <td>
                  {e.status === 'restored' ? <span className="badge badge-ok">Restored</span>
                    : e.status === 'failed' ? <span className="badge badge-trash" title={e.error ?? ''}>Failed{e.error ? `: ${e.error}` : ''}</span>
                      : <span className="badge">In Trash</span>}
                </td>
                <td className="recent-actions">
                  {e.status === 'trashed' && (
                    <button type="button" disabled={restoring.has(e.id)} onClick={() => void restore(e)} aria-label={`Restore ${baseName(e.originalPath)}`}>
                      {restoring.has(e.id) ? 'Restoring…' : 'Restore'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
