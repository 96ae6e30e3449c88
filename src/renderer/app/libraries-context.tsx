import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { IpcEvents } from '../../shared/ipc-contract.ts';
import type { LibrarySummary, ScanProgressEvent } from '../../shared/review-types.ts';

export type WatchBacklog = IpcEvents['watch:backlog'];
import { useClient } from '../api/client-context.tsx';

interface LibrariesApi {
  libraries: LibrarySummary[] | null;
  /** Latest scan:progress per library id. */
  progress: ReadonlyMap<number, ScanProgressEvent>;
  /** Latest watch backlog per watched library id. */
  backlog: ReadonlyMap<number, WatchBacklog>;
  refresh(): Promise<void>;
  /** Bumped whenever scores may have changed, so views showing scores re-query. */
  dataVersion: number;
}

const LibrariesContext = createContext<LibrariesApi | null>(null);

export function LibrariesProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [libraries, setLibraries] = useState<LibrarySummary[] | null>(null);
  const [progress, setProgress] = useState<ReadonlyMap<number, ScanProgressEvent>>(new Map());
  const [dataVersion, setDataVersion] = useState(0);
  const [backlog, setBacklog] = useState<ReadonlyMap<number, WatchBacklog>>(new Map());

  const refresh = useCallback(async () => {
    setLibraries(await client.call('libraries:list'));
  }, [client]);

  useEffect(() => {
    refresh().catch(() => {});
    const offChanged = client.on('libraries:changed', (list) => setLibraries(list));
    const offProgress = client.on('scan:progress', (event) => {
      setProgress((prev) => new Map(prev).set(event.libraryId, event));
      if (event.stage === 'done' || event.stage === 'cancelled' || event.stage === 'failed') {
        setDataVersion((v) => v + 1);
        refresh().catch(() => {});
      }
    });
    const offBacklog = client.on('watch:backlog', (event) => {
      setBacklog((prev) => new Map(prev).set(event.libraryId, event));
      // The watcher just finished a photo: views showing scores re-query.
      if (event.pending === 0 && event.inFlight === 0) setDataVersion((v) => v + 1);
    });
    return () => { offChanged(); offProgress(); offBacklog(); };
  }, [client, refresh]);

  const api = useMemo(() => ({ libraries, progress, backlog, refresh, dataVersion }), [libraries, progress, backlog, refresh, dataVersion]);
  return <LibrariesContext.Provider value={api}>{children}</LibrariesContext.Provider>;
}

export function useLibraries(): LibrariesApi {
  const api = useContext(LibrariesContext);
  if (!api) throw new Error('useLibraries outside LibrariesProvider');
  return api;
}
