import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context.tsx';

/** Where trashed photos go, in words: the system Trash in the app, the bridge's own folder in a browser. */
export function useTrashName(): string {
  const client = useClient();
  const [name, setName] = useState('your system Trash');
  useEffect(() => { client.callWith({ quiet: true }, 'app:info').then((i) => setName(i.trashName), () => {}); }, [client]);
  return name;
}
