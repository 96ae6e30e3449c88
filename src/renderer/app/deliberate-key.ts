import { useEffect, useRef } from 'react';

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The key a destructive step needs, as shown on its button: never plain Enter or Space. */
export const deliberateKeyLabel = mac ? '⌘↩' : 'Ctrl+Enter';

export function isDeliberateEnter(e: KeyboardEvent): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
}

/** Runs `action` on Ctrl+Enter (⌘↩ on a Mac) while enabled, wherever focus is. */
export function useDeliberateEnter(enabled: boolean, action: () => void): void {
  const latest = useRef(action);
  latest.current = action;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isDeliberateEnter(e) || e.repeat) return;
      e.preventDefault();
      e.stopPropagation();
      latest.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled]);
}
