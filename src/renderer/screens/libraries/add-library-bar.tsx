import { useState, type FormEvent } from 'react';
import { useClient } from '../../api/client-context.tsx';

export function AddLibraryBar({ onAdd }: { onAdd(path: string): Promise<void> }) {
  const client = useClient();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);

  async function add(p: string) {
    setBusy(true);
    try {
      await onAdd(p);
      setPath('');
    } catch {
      // Reported as a toast by the client; keep the typed path so it can be corrected.
    } finally {
      setBusy(false);
    }
  }

  async function pick() {
    const picked = await client.call('libraries:pick').catch(() => null);
    if (picked) await add(picked);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = path.trim();
    if (trimmed) void add(trimmed);
  }

  return (
    <div className="add-library">
      <button type="button" className="primary" onClick={() => void pick()} disabled={busy}>Add folder…</button>
      <form className="add-by-path" onSubmit={submit}>
        <label htmlFor="library-path" className="visually-hidden">Folder path</label>
        <input
          id="library-path"
          type="text"
          placeholder="or type a folder path, e.g. /home/ana/Pictures/2024"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-label="Folder path"
        />
        <button type="submit" disabled={busy || path.trim() === ''}>Add path</button>
      </form>
    </div>
  );
}
