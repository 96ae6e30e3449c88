import type { Burst, PhotoId } from './burst-grouping.ts';

/**
 * How much blurrier than the burst's keeper an unflagged frame must score before "keep sharpest"
 * marks it. Measured with `npm run bench:burst-margin` (model v4.1): equally sharp versions of one
 * frame (re-encoded, shifted 2 px, downscaled 10 %, brightened, sharpened) scored up to 0.41 apart
 * (the cat's soft fur in chelsea), while a 7 px shake of another photo scored only 0.32 above its
 * sharp version. No margin separates both, so it is set above the sharp spread: a sharp
 * near-duplicate is never marked, and a mildly blurred frame is left for the user to judge.
 */
export const BURST_BLUR_MARGIN = 0.45;
/** Scores this close count as a tie: the original wins over a derivative. */
export const BURST_TIE = 0.02;

export type BurstPlanMode = 'sharpest' | 'onePerBurst';

export interface PlanFrame<Id extends PhotoId = PhotoId> {
  id: Id;
  blurScore: number | null;
  decision: 'keep' | 'trash' | null;
  /** Pixels, bytes and capture time: a resampled or edited copy is smaller, later or named as an edit. */
  pixels: number | null;
  size: number;
  takenAt: string | null;
  fileName: string;
}

export interface BurstPlan<Id extends PhotoId = PhotoId> {
  burstId: string;
  keepId: Id;
  markIds: Id[];
  /** Frames left undecided: sharp near-duplicates of the keeper, decided ones, unscored ones. */
  leaveIds: Id[];
}

const EDITED = /(?:[-_ ](?:edit(?:ed)?|copy|crop(?:ped)?|resized?|export(?:ed)?)|\(\d+\)|[-_ ]\d+x\d+)(?=\.[^.]+$)/i;

/** Lower sorts first: sharper, then the original over a derivative (larger, unedited, earlier). */
export function byKeeperPreference<Id extends PhotoId>(a: PlanFrame<Id>, b: PlanFrame<Id>): number {
  const sa = a.blurScore!;
  const sb = b.blurScore!;
  if (Math.abs(sa - sb) > BURST_TIE) return sa - sb;
  return (b.pixels ?? 0) - (a.pixels ?? 0)
    || Number(EDITED.test(a.fileName)) - Number(EDITED.test(b.fileName))
    || (a.takenAt ?? '\uffff').localeCompare(b.takenAt ?? '\uffff')
    || b.size - a.size
    || String(a.id).localeCompare(String(b.id), undefined, { numeric: true })
    || sa - sb;
}

/**
 * "Keep the sharpest of each burst": the keeper is the sharpest frame (ties to the original), and
 * only frames the model flags, or that score at least BURST_BLUR_MARGIN blurrier than the keeper,
 * are marked. "One per burst" marks every other frame, sharp or not, and is only run when asked.
 * A frame the user already decided on is never changed.
 */
export function planBursts<Id extends PhotoId>(
  bursts: Burst<Id>[],
  frames: Map<Id, PlanFrame<Id>>,
  opts: { threshold: number; mode: BurstPlanMode },
): BurstPlan<Id>[] {
  const out: BurstPlan<Id>[] = [];
  for (const b of bursts) {
    const members = b.memberIds.map((id) => frames.get(id)).filter((f): f is PlanFrame<Id> => f !== undefined);
    if (members.length < 2) continue;
    // The user's own pick is the keeper; otherwise the sharpest frame not already marked.
    const scored = members.filter((f) => f.blurScore !== null && Number.isFinite(f.blurScore) && f.decision !== 'trash').sort(byKeeperPreference);
    const keeper = members.find((f) => f.decision === 'keep' && f.blurScore !== null) ?? scored[0];
    // A burst nobody scored yet has no best frame: marking any of it would be a guess.
    if (!keeper) continue;
    const keeperScore = keeper.blurScore!;
    const markIds: Id[] = [];
    const leaveIds: Id[] = [];
    for (const f of members) {
      if (f === keeper) continue;
      const markable = f.decision === null && f.blurScore !== null && (
        opts.mode === 'onePerBurst' || f.blurScore >= opts.threshold || f.blurScore - keeperScore >= BURST_BLUR_MARGIN
      );
      (markable ? markIds : leaveIds).push(f.id);
    }
    out.push({ burstId: b.burstId, keepId: keeper.id, markIds, leaveIds });
  }
  return out;
}
