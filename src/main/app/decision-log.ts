import type { Database } from 'better-sqlite3';
import type { Decision, UndoResult } from '../../shared/review-types.ts';

export type UndoableAction =
  | { kind: 'decision'; changes: { photoId: number; previous: Decision | null }[]; decision: Decision | null }
  | { kind: 'trash'; logIds: number[]; photoIds: number[] };

/**
 * Keep / mark-for-trash decisions (stored, so they survive restarts) and the undo stack of the
 * review session. Undoing a trash move is delegated to whoever can restore files.
 */
export class DecisionLog {
  private readonly undoStack: UndoableAction[] = [];

  constructor(private readonly db: Database, private readonly restore: (logIds: number[]) => Promise<void>) {}

  /** Sets the decision on these photos and on the other files of their shots (RAW+JPEG pairs). */
  set(photoIds: number[], decision: Decision | null): number {
    photoIds = this.withCompanions(photoIds);
    const get = this.db.prepare('SELECT decision FROM decisions WHERE photo_id = ?');
    const exists = this.db.prepare('SELECT 1 FROM photos WHERE id = ?');
    const changes: { photoId: number; previous: Decision | null }[] = [];
    this.db.transaction(() => {
      for (const photoId of photoIds) {
        if (!exists.get(photoId)) throw Object.assign(new Error(`no photo with id ${photoId}`), { code: 'NOT_FOUND' });
        const previous = ((get.get(photoId) as { decision: Decision } | undefined)?.decision) ?? null;
        if (previous === decision) continue;
        this.write(photoId, decision);
        changes.push({ photoId, previous });
      }
    })();
    if (changes.length > 0) this.push({ kind: 'decision', changes, decision });
    return changes.length;
  }

  private withCompanions(photoIds: number[]): number[] {
    const companions = this.db.prepare(`SELECT q.id FROM photos p JOIN photos q ON q.shot_key = p.shot_key AND q.library_id = p.library_id
      WHERE p.id = ? AND q.id != p.id AND q.status NOT IN ('missing', 'trashed')`).pluck();
    const all = new Set(photoIds);
    for (const id of photoIds) for (const c of companions.all(id) as number[]) all.add(c);
    return [...all];
  }

  push(action: UndoableAction): void {
    this.undoStack.push(action);
    if (this.undoStack.length > 500) this.undoStack.shift();
  }

  async undo(): Promise<UndoResult | null> {
    const action = this.undoStack.pop();
    if (!action) return null;
    if (action.kind === 'trash') {
      await this.restore(action.logIds);
      return { description: `Restored ${action.photoIds.length} photo(s) from the trash`, photoIds: action.photoIds };
    }
    this.db.transaction(() => {
      for (const c of action.changes) this.write(c.photoId, c.previous);
    })();
    const verb = action.decision === 'trash' ? 'mark for trash' : action.decision === 'keep' ? 'keep' : 'clear';
    return { description: `Undid ${verb} on ${action.changes.length} photo(s)`, photoIds: action.changes.map((c) => c.photoId) };
  }

  private write(photoId: number, decision: Decision | null): void {
    if (decision === null) this.db.prepare('DELETE FROM decisions WHERE photo_id = ?').run(photoId);
    else {
      this.db.prepare('INSERT INTO decisions (photo_id, decision, decided_at) VALUES (?, ?, ?) ON CONFLICT(photo_id) DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at')
        .run(photoId, decision, Date.now());
    }
  }
}
