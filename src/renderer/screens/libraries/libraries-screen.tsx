import { useCallback } from 'react';
import { useClient } from '../../api/client-context.tsx';
import { useLibraries } from '../../app/libraries-context.tsx';
import { useToasts } from '../../app/toast-context.tsx';
import { AddLibraryBar } from './add-library-bar.tsx';
import { LibraryCard } from './library-card.tsx';
import { useFolderDrop } from './use-folder-drop.ts';

export function LibrariesScreen({ onReview }: { onReview(libraryId: number): void }) {
  const client = useClient();
  const { show } = useToasts();
  const { libraries, progress, backlog, refresh } = useLibraries();

  const add = useCallback(async (path: string) => {
    const library = await client.call('libraries:add', { path });
    if (library.alreadyAdded) show('info', `${library.path} is already in your libraries`, 'Rescanning it for new and changed photos.');
    else show('success', `Added ${library.path}`, 'Scanning for blurry photos…');
    await refresh();
    await client.call('scan:start', { libraryId: library.id });
  }, [client, refresh, show]);

  const drop = useFolderDrop(add);

  return (
    <section className={`screen libraries-screen${drop.over ? ' drop-over' : ''}`} aria-labelledby="libraries-title" {...drop.handlers}>
      <header className="screen-header">
        <h1 id="libraries-title">Libraries</h1>
        <p className="screen-subtitle">Folders Crisp scores for blur. Drop a folder anywhere here to add it.</p>
      </header>
      <AddLibraryBar onAdd={add} />
      {libraries === null ? (
        <div className="empty-state" aria-busy="true">Loading libraries…</div>
      ) : libraries.length === 0 ? (
        <div className="empty-state">
          <h2>No libraries yet</h2>
          <p>Add a folder of photos. Crisp scores every shot for focus and motion blur; nothing moves until you say so.</p>
        </div>
      ) : (
        <ul className="library-list" aria-label="Libraries">
          {libraries.map((lib) => (
            <LibraryCard key={lib.id} library={lib} progress={progress.get(lib.id)} backlog={backlog.get(lib.id)} onReview={onReview} />
          ))}
        </ul>
      )}
      {drop.over && <div className="drop-hint" aria-hidden="true">Drop to add folder</div>}
    </section>
  );
}
