import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useToasts } from '../app/toast-context.tsx';
import { createCrispClient, type CrispClient } from './crisp-client.ts';
import { plainError } from './plain-error.ts';
import type { Transport } from './select-transport.ts';

const ClientContext = createContext<CrispClient | null>(null);

export function ClientProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  const { show } = useToasts();
  const client = useMemo(
    () => createCrispClient(transport, (e) => show('error', plainError(e))),
    [transport, show],
  );
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): CrispClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientProvider');
  return client;
}
