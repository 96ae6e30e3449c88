import { useEffect, useRef } from 'react';
import { actionForKey, type ReviewAction } from './review-shortcuts.ts';

const typing = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
// Keys these elements act on themselves: a focused button owns Enter and Space, a link owns Enter.
const ownsKey: Record<string, string[]> = { BUTTON: ['Enter', ' '], SUMMARY: ['Enter', ' '], A: ['Enter'] };

/** Window-level review keys; typing in a field, an open dialog or a focused button keep their own keys. */
export function useReviewKeys(onAction: (action: ReviewAction) => void, enabled: boolean): void {
  const latest = useRef(onAction);
  latest.current = onAction;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const target = e.target as HTMLElement | null;
      if (target && (typing.has(target.tagName) || target.isContentEditable)) return;
      if (document.querySelector('dialog[open]')) return;
      const action = actionForKey(e);
      if (!action) return;
      if (target && ownsKey[target.tagName]?.includes(e.key)) return;
      if (target?.getAttribute('role') === 'slider' && e.key.startsWith('Arrow')) return;
      e.preventDefault();
      latest.current(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
