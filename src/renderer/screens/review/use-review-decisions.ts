import { useCallback, useRef, useState } from 'react';
import type { Decision } from '../../../shared/review-types.ts';
import type { CrispClient } from '../../api/crisp-client.ts';
import type { ReviewList } from './use-review-list.ts';

interface Options {
  client: CrispClient;
  list: ReviewList;
  activeIndex: number;
  setActiveIndex(index: number): void;
  onChanged(): void;
  notify(message: string): void;
}

/** P / X / U, 0–9: decisions and marks are shown at once and written through; undo puts the undone photo back under the cursor. */
export function useReviewDecisions({ client, list, activeIndex, setActiveIndex, onChanged, notify }: Options) {
  // Where each decided photo sat, so undo can return to it even after the list moved on.
  const positions = useRef(new Map<number, number>());
  const [lastAction, setLastAction] = useState<string | null>(null);

  const decide = useCallback(async (decision: Decision | null, advance = true) => {
    const item = list.itemAt(activeIndex);
    if (!item) return;
    const previous = item.decision;
    positions.current.set(item.id, activeIndex);
    list.patch([item.id], { decision });
    const total = list.total ?? 0;
    if (advance && activeIndex < total - 1) setActiveIndex(activeIndex + 1);
    setLastAction(decision === 'trash' ? `Marked ${item.fileName} for trash` : decision === 'keep' ? `Kept ${item.fileName}` : `Unflagged ${item.fileName}`);
    try {
      await client.call('decisions:set', { photoIds: [item.id], decision });
      onChanged();
    } catch {
      list.patch([item.id], { decision: previous });
      setActiveIndex(activeIndex);
      setLastAction(null);
    }
  }, [client, list, activeIndex, setActiveIndex, onChanged]);

  const undo = useCallback(async () => {
    const result = await client.call('review:undo').catch(() => undefined);
    if (result === undefined) return;
    if (result === null) {
      notify('Nothing to undo');
      return;
    }
    notify(result.description);
    setLastAction(`Undone: ${result.description}`);
    const photoId = result.photoIds[0];
    const remembered = photoId === undefined ? undefined : positions.current.get(photoId);
    if (remembered !== undefined) setActiveIndex(remembered);
    await list.reload();
    onChanged();
    if (photoId === undefined) return;
    const found = list.indexOf(photoId);
    if (found >= 0) setActiveIndex(found);
  }, [client, list, setActiveIndex, onChanged, notify]);

  /** 0–5 and 6–9: stars and colour label on the active photo, shown at once; the cursor stays. */
  const mark = useCallback(async (patch: { rating?: number; label?: string | null }) => {
    const item = list.itemAt(activeIndex);
    if (!item) return;
    const previous = { rating: item.rating, label: item.label };
    list.patch([item.id], patch);
    setLastAction(patch.rating !== undefined ? `Rated ${item.fileName} ${patch.rating} of 5` : patch.label ? `Labelled ${item.fileName} ${patch.label}` : `Cleared the label of ${item.fileName}`);
    try {
      await client.call('marks:set', { photoIds: [item.id], ...patch });
    } catch {
      list.patch([item.id], previous);
      setLastAction(null);
    }
  }, [client, list, activeIndex]);

  return { decide, mark, undo, lastAction, announce: setLastAction };
}
