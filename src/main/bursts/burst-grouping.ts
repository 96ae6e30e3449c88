import { hammingDistance } from './perceptual-hash.ts';

export type PhotoId = string | number;

export interface BurstCandidate<Id extends PhotoId = PhotoId> {
  id: Id;
  /** ISO 8601, e.g. "2024-05-01T10:00:00.25" (camera-local) or with an offset. */
  takenAt: string | null;
  make: string | null;
  model: string | null;
  phash: string | null;
  /** Lower is sharper; null when the photo has no score (yet). */
  blurScore: number | null;
}

export interface BurstOptions {
  /** Largest gap between consecutive frames of one burst. */
  maxGapSeconds: number;
  /** Largest Hamming distance between consecutive frames' 64-bit hashes. */
  maxHashDistance: number;
  /** Bursts smaller than this are not reported. */
  minSize: number;
}

export const DEFAULT_BURST_OPTIONS: BurstOptions = { maxGapSeconds: 2, maxHashDistance: 10, minSize: 2 };

export interface Burst<Id extends PhotoId = PhotoId> {
  /** Stable while the burst's first frame stays the same. */
  burstId: string;
  /** In shooting order. */
  memberIds: Id[];
  /** The sharpest member (lowest blur score); null when no member is scored. */
  bestId: Id | null;
}

interface Timed<Id extends PhotoId> {
  photo: BurstCandidate<Id>;
  wallMs: number;
  instantMs: number | null;
  /** The time frames of one camera are ordered and spaced by. */
  ms: number;
}

/**
 * Groups photos into bursts: same camera, each frame within `maxGapSeconds` of the burst's
 * previous frame and visually similar to it. Frames are chained rather than compared with the
 * first frame, so a long burst at a slow frame rate, or one that pans slowly, stays one burst.
 */
export function groupBursts<Id extends PhotoId>(photos: BurstCandidate<Id>[], opts: Partial<BurstOptions> = {}): Burst<Id>[] {
  const o = { ...DEFAULT_BURST_OPTIONS, ...opts };
  const byCamera = new Map<string, Timed<Id>[]>();
  for (const photo of photos) {
    const camera = cameraKey(photo);
    const time = photo.takenAt ? parseTakenAt(photo.takenAt) : null;
    if (camera === null || time === null || !photo.phash) continue;
    const list = byCamera.get(camera) ?? [];
    list.push({ photo, ...time, ms: time.wallMs });
    byCamera.set(camera, list);
  }

  const bursts: Burst<Id>[] = [];
  for (const frames of byCamera.values()) {
    // Real instants only when every frame has an offset; mixing them with camera wall-clock times would skew by hours.
    if (frames.every((f) => f.instantMs !== null)) for (const f of frames) f.ms = f.instantMs!;
    frames.sort((a, b) => a.ms - b.ms || String(a.photo.id).localeCompare(String(b.photo.id)));
    // Several bursts can be open at once: two bodies of the same model at a wedding interleave their frames.
    let open: Timed<Id>[][] = [];
    const close = (run: Timed<Id>[]) => {
      if (run.length >= o.minSize) bursts.push(toBurst(run.map((f) => f.photo)));
    };
    for (const frame of frames) {
      const stillOpen: Timed<Id>[][] = [];
      for (const run of open) {
        if ((frame.ms - run[run.length - 1].ms) / 1000 <= o.maxGapSeconds) stillOpen.push(run);
        else close(run);
      }
      open = stillOpen;
      let best: Timed<Id>[] | null = null;
      let bestDistance = Infinity;
      for (const run of open) {
        const d = distance(run[run.length - 1].photo.phash!, frame.photo.phash!);
        if (d <= o.maxHashDistance && d < bestDistance) [best, bestDistance] = [run, d];
      }
      if (best) best.push(frame);
      else open.push([frame]);
    }
    for (const run of open) close(run);
  }
  return bursts.sort((a, b) => a.burstId.localeCompare(b.burstId));
}

function toBurst<Id extends PhotoId>(members: BurstCandidate<Id>[]): Burst<Id> {
  let best: BurstCandidate<Id> | null = null;
  for (const m of members) {
    if (m.blurScore === null || !Number.isFinite(m.blurScore)) continue;
    if (best === null || m.blurScore < best.blurScore!) best = m;
  }
  return { burstId: `burst:${members[0].id}`, memberIds: members.map((m) => m.id), bestId: best ? best.id : null };
}

function cameraKey(p: BurstCandidate): string | null {
  const make = (p.make ?? '').trim().toLowerCase();
  const model = (p.model ?? '').trim().toLowerCase();
  // Without any camera identity two unrelated sources (a scan, a screenshot) could be merged.
  return make || model ? `${make}\u0000${model}` : null;
}

function distance(a: string, b: string): number {
  return a.length === b.length ? hammingDistance(a, b) : Infinity;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseTakenAt(s: string): { wallMs: number; instantMs: number | null } | null {
  const m = ISO.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, tz] = m;
  const wallMs = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec) + (frac ? Math.round(Number(frac) * 1000) : 0);
  if (!Number.isFinite(wallMs)) return null;
  if (!tz) return { wallMs, instantMs: null };
  if (tz === 'Z') return { wallMs, instantMs: wallMs };
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  const offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return { wallMs, instantMs: wallMs - offsetMin * 60_000 };
}
