/**
 * Doubled edges (a ghost): the camera held still twice in one exposure (a two-position shake, shutter shock,
 * flash plus a slow shutter), so every edge shows twice, `d` px apart. A tile network reads each copy as a crisp
 * edge. Here the fine detail's autocorrelation decides: a ghost adds a peak at the same lag d in every textured
 * block, with nothing at d/2 or 2d (a repeating texture, bricks or blinds, peaks at 2d too) and no rival peak at
 * another lag (a lattice has several). Twin of training/ghost.py; parameters in the card's aggregation.ghost.
 */

export interface GhostParams {
  /** Lags searched, in px at the analysis scale. */
  minLag: number;
  maxLag: number;
  /** A block counts when the RMS of its fine detail (see blockDetail; luma 0..1) is at least this. */
  rmsMin: number;
  /** Fewer textured blocks than this: no verdict (too little of the frame to call it a ghost). */
  minBlocks: number;
  /** At most this many textured blocks are examined, spread over the frame (see blockOrder). */
  maxBlocks: number;
  /** Share of the examined blocks that must show the ghost on their own. */
  minConsistency: number;
  /** Evidence at or below `lo` scores 0, at or above `hi` scores 1, linear between. */
  lo: number;
  hi: number;
}

export interface GhostEvidence {
  /** The winning lag's prominence minus the best rival lag's (0..1). */
  evidence: number;
  dx: number;
  dy: number;
  /** Share of the examined blocks whose own prominence at (dx, dy) is at least half the frame's. */
  consistency: number;
  blocks: number;
  /** Origins (x, y) of the examined blocks that show the ghost on their own. */
  showing: { x: number; y: number }[];
}

export const GHOST_BLOCK = 128;
/** The fine detail is luma's 3 px box average minus its 7 px one: noise below, shading above an edge drop out. */
const BOXES = [3, 7] as const;
const MARGIN = (BOXES[1] - 1) / 2;
const FFT = 2 * GHOST_BLOCK;
const LOG2_FFT = Math.log2(FFT);

/** scipy's 'reflect' boundary (d c b a | a b c d | d c b a). */
function reflect(i: number, n: number): number {
  while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
  return i;
}

/**
 * One block's fine detail, filtered as over the whole image (scipy's uniform_filter, 'reflect' at the image's
 * borders), zero-mean.
 */
export function blockDetail(rgb: Uint8Array, w: number, h: number, bx: number, by: number): Float64Array {
  const B = GHOST_BLOCK, S = B + 2 * MARGIN;
  const luma = new Float64Array(S * S);
  const xs = Int32Array.from({ length: S }, (_, x) => 3 * reflect(bx - MARGIN + x, w));
  for (let y = 0; y < S; y++) {
    const row = 3 * w * reflect(by - MARGIN + y, h);
    for (let x = 0; x < S; x++) {
      const i = row + xs[x];
      luma[y * S + x] = Math.fround(Math.fround(0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2]) / 255);
    }
  }
  const out = new Float64Array(B * B);
  const rows = new Float64Array(S * B);
  for (let n = 0; n < BOXES.length; n++) {
    const size = BOXES[n], r = (size - 1) / 2, sign = n === 0 ? 1 : -1;
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < B; x++) {
        let s = 0;
        const base = y * S + x + MARGIN - r;
        for (let j = 0; j < size; j++) s += luma[base + j];
        rows[y * B + x] = s / size;
      }
    }
    for (let y = 0; y < B; y++) {
      for (let x = 0; x < B; x++) {
        let s = 0;
        for (let j = 0; j < size; j++) s += rows[(y + MARGIN - r + j) * B + x];
        out[y * B + x] += (sign * s) / size;
      }
    }
  }
  let mean = 0;
  for (let i = 0; i < out.length; i++) mean += out[i];
  mean /= out.length;
  for (let i = 0; i < out.length; i++) out[i] -= mean;
  return out;
}

const COS = Float64Array.from({ length: FFT / 2 }, (_, k) => Math.cos((2 * Math.PI * k) / FFT));
const SIN = Float64Array.from({ length: FFT / 2 }, (_, k) => Math.sin((2 * Math.PI * k) / FFT));
const REVERSED = Uint16Array.from({ length: FFT }, (_, i) => {
  let r = 0;
  for (let b = 0; b < LOG2_FFT; b++) if (i & (1 << b)) r |= 1 << (LOG2_FFT - 1 - b);
  return r;
});

/** In-place radix-2 FFT of the given rows of a FFT-wide grid (inverse unscaled). */
function fftRows(re: Float64Array, im: Float64Array, rows: Iterable<number>, inverse: boolean): void {
  const n = FFT, sign = inverse ? 1 : -1;
  for (const row of rows) {
    const o = row * n;
    for (let i = 0; i < n; i++) {
      const j = REVERSED[i];
      if (i < j) {
        let t = re[o + i]; re[o + i] = re[o + j]; re[o + j] = t;
        t = im[o + i]; im[o + i] = im[o + j]; im[o + j] = t;
      }
    }
    for (let len = 2, stride = n >> 1; len <= n; len <<= 1, stride >>= 1) {
      const half = len >> 1;
      for (let k = 0; k < half; k++) {
        const wr = COS[k * stride], wi = sign * SIN[k * stride];
        for (let i = o + k; i < o + n; i += len) {
          const j = i + half;
          const xr = re[j] * wr - im[j] * wi, xi = re[j] * wi + im[j] * wr;
          re[j] = re[i] - xr; im[j] = im[i] - xi;
          re[i] += xr; im[i] += xi;
        }
      }
    }
  }
}

/** In-place radix-2 FFT of every column of a FFT x FFT grid, row pairs at a time (contiguous memory). */
function fftColumns(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = FFT, sign = inverse ? 1 : -1;
  for (let i = 0; i < n; i++) {
    const j = REVERSED[i];
    if (i < j) {
      for (let u = 0; u < n; u++) {
        let t = re[i * n + u]; re[i * n + u] = re[j * n + u]; re[j * n + u] = t;
        t = im[i * n + u]; im[i * n + u] = im[j * n + u]; im[j * n + u] = t;
      }
    }
  }
  for (let len = 2, stride = n >> 1; len <= n; len <<= 1, stride >>= 1) {
    const half = len >> 1;
    for (let k = 0; k < half; k++) {
      const wr = COS[k * stride], wi = sign * SIN[k * stride];
      for (let i = k; i < n; i += len) {
        const a = i * n, b = (i + half) * n;
        for (let u = 0; u < n; u++) {
          const xr = re[b + u] * wr - im[b + u] * wi, xi = re[b + u] * wi + im[b + u] * wr;
          re[b + u] = re[a + u] - xr; im[b + u] = im[a + u] - xi;
          re[a + u] += xr; im[a + u] += xi;
        }
      }
    }
  }
}

/**
 * Normalised autocorrelation of two zero-mean blocks at once (one packed complex FFT), at lags within +-span:
 * maps of (2 span + 1)^2, row-major from lag (-span, -span), each lag divided by the block's energy (ea, eb: sum of
 * squares) and by the share of the block that overlaps itself there.
 */
function autocorrelationPair(a: Float64Array, ea: number, b: Float64Array | null, eb: number, span: number): [Float64Array, Float64Array | null] {
  const B = GHOST_BLOCK;
  const re = new Float64Array(FFT * FFT);
  const im = new Float64Array(FFT * FFT);
  for (let y = 0; y < B; y++) for (let x = 0; x < B; x++) { re[y * FFT + x] = a[y * B + x]; if (b) im[y * FFT + x] = b[y * B + x]; }
  fftRows(re, im, Array.from({ length: B }, (_, y) => y), false); // rows past B are zero
  fftColumns(re, im, false);
  // Separate the two real blocks' spectra, and pack their power spectra (real, even) into one inverse.
  const pr = new Float64Array(FFT * FFT);
  const pi = new Float64Array(FFT * FFT);
  for (let v = 0; v < FFT; v++) {
    for (let u = 0; u < FFT; u++) {
      const i = v * FFT + u;
      const j = ((FFT - v) % FFT) * FFT + ((FFT - u) % FFT);
      const ar = (re[i] + re[j]) / 2, ai = (im[i] - im[j]) / 2;
      const br = (im[i] + im[j]) / 2, bi = (re[j] - re[i]) / 2;
      pr[i] = ar * ar + ai * ai;
      pi[i] = br * br + bi * bi;
    }
  }
  fftColumns(pr, pi, true);
  const side = 2 * span + 1;
  const outA = new Float64Array(side * side);
  const outB = b ? new Float64Array(side * side) : null;
  for (let dy = -span; dy <= span; dy++) {
    const row = ((dy + FFT) % FFT) * FFT;
    fftRows(pr, pi, [row / FFT], true);
    for (let dx = -span; dx <= span; dx++) {
      const i = row + ((dx + FFT) % FFT);
      const overlap = ((B - Math.abs(dx)) * (B - Math.abs(dy))) / (B * B);
      const o = (dy + span) * side + (dx + span);
      outA[o] = pr[i] / (FFT * FFT) / ea / overlap;
      if (outB) outB[o] = pi[i] / (FFT * FFT) / eb / overlap;
    }
  }
  return [outA, outB];
}

/** Blocks examined before deciding whether the rest are worth it. */
export const GHOST_PROBE_BLOCKS = 8;

/**
 * Block indices (row-major over a grid of n) in the order they are examined: every s-th block (s = n / maxBlocks),
 * then the ones after those, ..., so that the maxBlocks examined spread over the frame and a flat frame still finds
 * its few textured blocks.
 */
export function blockOrder(n: number, maxBlocks: number): number[] {
  const step = Math.max(1, Math.ceil(n / maxBlocks));
  const order: number[] = [];
  for (let off = 0; off < step; off++) for (let k = off; k < n; k += step) order.push(k);
  return order;
}

/**
 * The ghost evidence of an analysis image, or null where too few blocks carry detail to judge. Most photos stop after
 * the first GHOST_PROBE_BLOCKS textured blocks: when those show less than half of `lo`, a ghost (which moves every
 * edge of the frame alike) is not there.
 */
export function ghostEvidence(pixels: Uint8Array, w: number, h: number, p: GhostParams): GhostEvidence | null {
  const B = GHOST_BLOCK;
  // A plain view: V8 reads a Node Buffer several times slower in these loops.
  const rgb = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length);
  const cols = Math.floor(w / B), rows = Math.floor(h / B);
  const order = blockOrder(cols * rows, p.maxBlocks);
  const span = 2 * p.maxLag;
  const examined: { x: number; y: number }[] = [];
  const maps: Float64Array[] = [];
  let next = 0;
  let pending: { x: number; y: number; block: Float64Array; energy: number } | null = null;
  const need = p.minBlocks;
  // Textured blocks in order up to `limit`, their autocorrelations two at a time.
  const examineUpTo = (limit: number) => {
    while (examined.length + (pending ? 1 : 0) < limit && next < order.length) {
      const k = order[next++];
      const x = (k % cols) * B, y = Math.floor(k / cols) * B;
      const block = blockDetail(rgb, w, h, x, y);
      const energy = block.reduce((s, v) => s + v * v, 0);
      if (Math.sqrt(energy / block.length) < p.rmsMin) continue;
      if (!pending) { pending = { x, y, block, energy }; continue; }
      const [a, b] = autocorrelationPair(pending.block, pending.energy, block, energy, span);
      examined.push({ x: pending.x, y: pending.y }, { x, y });
      maps.push(a, b!);
      pending = null;
    }
    if (pending) {
      const [a] = autocorrelationPair(pending.block, pending.energy, null, 1, span);
      examined.push({ x: pending.x, y: pending.y });
      maps.push(a);
      pending = null;
    }
  };
  examineUpTo(Math.min(GHOST_PROBE_BLOCKS, p.maxBlocks));
  if (examined.length < need && next >= order.length) return null;
  if (examined.length >= need) {
    const probe = judgeMaps(maps, examined, span, p);
    if (probe.evidence < p.lo / 2 || next >= order.length) return probe;
  }
  examineUpTo(p.maxBlocks);
  return examined.length < need ? null : judgeMaps(maps, examined, span, p);
}

function judgeMaps(maps: Float64Array[], examined: { x: number; y: number }[], span: number, p: GhostParams): GhostEvidence {
  const side = 2 * span + 1;
  const at = (m: Float64Array, dx: number, dy: number) => m[(dy + span) * side + (dx + span)];
  const mean = new Float64Array(side * side);
  for (const m of maps) for (let i = 0; i < mean.length; i++) mean[i] += m[i] / maps.length;
  // A lag's prominence: how far it stands above the lag halfway to it and the lag twice as far.
  const prominence = (m: Float64Array, dx: number, dy: number) =>
    at(m, dx, dy) - Math.max(at(m, Math.trunc(dx / 2), Math.trunc(dy / 2)), at(m, 2 * dx, 2 * dy));
  const searched = (dx: number, dy: number) => {
    const r = Math.hypot(dx, dy);
    return r >= p.minLag && r <= p.maxLag && (dy > 0 || (dy === 0 && dx > 0));
  };

  const r = p.maxLag;
  let best = -Infinity, bx = 0, by = 0;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      if (!searched(dx, dy)) continue;
      const v = prominence(mean, dx, dy);
      if (v > best) { best = v; bx = dx; by = dy; }
    }
  }
  // The best rival: away from the winner's own family (+-d/2, +-d, +-2d, +-3d).
  let rival = 0;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      if (!searched(dx, dy)) continue;
      const family = [0.5, 1, 2, 3].some((k) => Math.hypot(dx - k * bx, dy - k * by) <= 2.5 || Math.hypot(dx + k * bx, dy + k * by) <= 2.5);
      if (!family) rival = Math.max(rival, prominence(mean, dx, dy));
    }
  }
  const showing = best > 0 ? examined.filter((_, i) => prominence(maps[i], bx, by) >= 0.5 * best) : [];
  return { evidence: Math.max(0, best - rival), dx: bx, dy: by, consistency: showing.length / examined.length, blocks: examined.length, showing };
}

/** The evidence on the blur score's scale: 0 unless enough of the frame shows one consistent ghost. */
export function ghostScore(e: GhostEvidence | null, p: GhostParams): number {
  if (!e || e.blocks < p.minBlocks || e.consistency < p.minConsistency) return 0;
  return Math.min(1, Math.max(0, (e.evidence - p.lo) / (p.hi - p.lo)));
}
