import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Settings } from '../../shared/review-types.ts';
import type { ModelInfo } from '../../shared/threshold-meaning.ts';
import { useClient } from '../api/client-context.tsx';

interface SettingsApi {
  settings: Settings | null;
  /** The blur model and what its thresholds mean; null until loaded. */
  model: ModelInfo | null;
  update(patch: Partial<Settings>): Promise<void>;
}

const SettingsContext = createContext<SettingsApi | null>(null);

export function SettingsProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [model, setModel] = useState<ModelInfo | null>(null);
  useEffect(() => {
    client.call('settings:get').then(setSettings, () => {});
    client.callWith({ quiet: true }, 'model:info').then(setModel, () => {});
  }, [client]);
  const latest = useRef(0);
  const update = useCallback(async (patch: Partial<Settings>) => {
    const request = ++latest.current;
    setSettings((s) => (s ? { ...s, ...patch } : s));
    try {
      const saved = await client.call('settings:set', patch);
      // An older reply must not roll back a newer optimistic change.
      if (request === latest.current) setSettings(saved);
    } catch (err) {
      // Refused (and reported by the client): show what is really stored, not the optimistic value.
      if (request === latest.current) client.call('settings:get').then(setSettings, () => {});
      throw err;
    }
  }, [client]);
  const api = useMemo(() => ({ settings, model, update }), [settings, model, update]);
  return <SettingsContext.Provider value={api}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsApi {
  const api = useContext(SettingsContext);
  if (!api) throw new Error('useSettings outside SettingsProvider');
  return api;
}
