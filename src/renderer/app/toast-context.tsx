import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
  detail?: string;
  /** Toasts with the same key replace each other (one undo toast at a time). */
  key?: string;
}

interface ToastApi {
  toasts: Toast[];
  show(tone: ToastTone, message: string, detail?: string, opts?: { key?: string }): void;
  dismiss(id: number): void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** Errors stay until dismissed; everything else leaves on its own. */
const LIFETIME_MS: Record<ToastTone, number | null> = { info: 3500, success: 4000, error: null };
const MAX_SHOWN = 4;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((tone: ToastTone, message: string, detail?: string, opts: { key?: string } = {}) => {
    const id = nextId.current++;
    // A repeated message or a newer toast of the same kind replaces the old one instead of piling up.
    setToasts((all) => [
      ...all.filter((t) => t.message !== message && (opts.key === undefined || t.key !== opts.key)).slice(-(MAX_SHOWN - 1)),
      { id, tone, message, detail, key: opts.key },
    ]);
    const lifetime = LIFETIME_MS[tone];
    if (lifetime !== null) setTimeout(() => dismiss(id), lifetime);
  }, [dismiss]);
  const api = useMemo(() => ({ toasts, show, dismiss }), [toasts, show, dismiss]);
  return <ToastContext.Provider value={api}>{children}</ToastContext.Provider>;
}

export function useToasts(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToasts outside ToastProvider');
  return api;
}
