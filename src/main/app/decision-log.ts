import type { Database } from 'better-sqlite3';
import type { Decision, UndoResult } from '../../shared/review-types.ts';

/** A photo's own marks; null when it has none (the sidecar's rating and label show through). */
type Marks = { rating: number; label: string } | null;

export type UndoableAction =
  | { kind: 'decision'; changes: { photoId: number; previous: Decision | null }[]; decision: Decision | null }
  | { kind: 'marks'; changes: { photoId: number; previous: Marks }[]; what: string }
  | { kind: 'trash'; logIds: number[]; photoIds: number[] };

/**
 * Keep / mark-for-trash decisions, stars and colour labels (stored, so they survive restarts) and the undo stack of the
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

  /** Sets stars and / or the colour label on these photos and their companions; one undoable action. */
  setMarks(photoIds: number[], patch: { rating?: number; label?: string | null }): number {
    photoIds = this.withCompanions(photoIds);
    const get = this.db.prepare(`SELECT m.rating AS mr, m.label AS ml, p.xmp_rating AS xr, p.xmp_label AS xl, m.photo_id AS has
      FROM photos p LEFT JOIN photo_marks m ON m.photo_id = p.id WHERE p.id = ?`);
    const changes: { photoId: number; previous: Marks }[] = [];
    this.db.transaction(() => {
      for (const photoId of photoIds) {
        const r = get.get(photoId) as { mr: number | null; ml: string | null; xr: number | null; xl: string | null; has: number | null } | undefined;
        if (!r) throw Object.assign(new Error(`no photo with id ${photoId}`), { code: 'NOT_FOUND' });
        const previous: Marks = r.has === null ? null : { rating: r.mr!, label: r.ml! };
        // The first mark of our own starts from what the sidecar said, so rating a photo keeps its label.
        const base = previous ?? { rating: Math.max(0, Math.min(5, r.xr ?? 0)), label: r.xl ?? '' };
        const next = { rating: patch.rating ?? base.rating, label: patch.label === undefined ? base.label : (patch.label ?? '') };
        if (previous && previous.rating === next.rating && previous.label === next.label) continue;
        this.writeMarks(photoId, next);
        changes.push({ photoId, previous });
      }
    })();
    const what = patch.rating !== undefined ? `rating ${patch.rating}` : patch.label ? `label ${patch.label}` : 'label cleared';
    if (changes.length > 0) this.push({ kind: 'marks', changes, what });
    return changes.length;
  }

  private writeMarks(photoId: number, marks: Marks): void {
    if (marks === null) this.db.prepare('DELETE FROM photo_marks WHERE photo_id = ?').run(photoId);
    else {
      this.db.prepare(`INSERT INTO photo_marks (photo_id, rating, label, marked_at) VALUES (?, ?, ?, ?)
        ON CONFLICT(photo_id) DO UPDATE SET rating = excluded.rating, label = excluded.label, marked_at = excluded.marked_at`)
        .run(photoId, marks.rating, marks.label, Date.now());
    }
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
    if (action.kind === 'marks') {
      this.db.transaction(() => {
        for (const c of action.changes) this.writeMarks(c.photoId, c.previous);
      })();
      return { description: `Undid ${action.what} on ${action.changes.length} photo(s)`, photoIds: action.changes.map((c) => c.photoId) };
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
