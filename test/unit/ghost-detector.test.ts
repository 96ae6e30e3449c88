import { describe, expect, it } from 'vitest';
import { judgePasses, type TileOutputs } from '../../src/main/scoring/blur-aggregate.ts';
import { GHOST_BLOCK, GHOST_PROBE_BLOCKS, ghostEvidence, ghostScore, type GhostParams } from '../../src/main/scoring/ghost-detector.ts';
import { loadModelCard, type ModelCard } from '../../src/main/scoring/model-card.ts';
import { doubledTaps, seededRandom } from '../helpers/photo-factory.ts';

const PARAMS: GhostParams = { minLag: 5, maxLag: 24, rmsMin: 0.01, minBlocks: 6, maxBlocks: 32, minConsistency: 0.5, lo: 0.1, hi: 0.2 };
const W = 640, H = 512;

/** A grey scene of seeded random discs and bars: edges in every direction, no repeating period. */
function scene(seed: number): Float64Array {
  const rnd = seededRandom(seed);
  const img = new Float64Array(W * H).fill(0.5);
  for (let n = 0; n < 900; n++) {
    const cx = rnd() * W, cy = rnd() * H, r = 2 + rnd() * 9, v = rnd(), bar = rnd() < 0.3;
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(H, cy + r); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(W, cx + r); x++) {
        if (bar ? Math.abs(y - cy) < r / 4 : (x - cx) ** 2 + (y - cy) ** 2 < r * r) img[y * W + x] = v;
      }
    }
  }
  return img;
}

/** The scene seen through the taps (weights summing to 1), as 8-bit grey RGB. */
function through(img: Float64Array, taps: { dx: number; dy: number; w: number }[]): Uint8Array {
  const rgb = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 0;
      for (const t of taps) v += t.w * img[Math.min(H - 1, Math.max(0, y - t.dy)) * W + Math.min(W - 1, Math.max(0, x - t.dx))];
      rgb.fill(Math.round(v * 255), 3 * (y * W + x), 3 * (y * W + x) + 3);
    }
  }
  return rgb;
}

const still = [{ dx: 0, dy: 0, w: 1 }];

describe('ghostEvidence (doubled edges)', () => {
  it('finds a double exposure and its offset, in every block', () => {
    for (const [dx, dy] of [[9, 0], [7, 7], [-4, 11], [0, 16]]) {
      const e = ghostEvidence(through(scene(1), doubledTaps(dx, dy)), W, H, PARAMS)!;
      expect(e.evidence).toBeGreaterThan(0.25);
      // The lag is found up to its sign (the autocorrelation is symmetric).
      expect([e.dx, e.dy]).toEqual(dy > 0 || (dy === 0 && dx > 0) ? [dx, dy] : [-dx, -dy]);
      expect(e.consistency).toBeGreaterThan(0.8);
      expect(ghostScore(e, PARAMS)).toBe(1);
    }
  });

  it('finds a weaker second image, but not a still scene', () => {
    const weak = ghostEvidence(through(scene(2), doubledTaps(10, 3, 0.3)), W, H, PARAMS)!;
    const sharp = ghostEvidence(through(scene(2), still), W, H, PARAMS)!;
    expect(weak.evidence).toBeGreaterThan(PARAMS.hi);
    expect(sharp.evidence).toBeLessThan(PARAMS.lo / 2);
    expect(ghostScore(sharp, PARAMS)).toBe(0);
  });

  it('does not take a repeating texture for a ghost: bricks or blinds also repeat at twice the period', () => {
    const stripes = new Float64Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) stripes[y * W + x] = 0.5 + 0.3 * Math.sign(Math.sin((2 * Math.PI * x) / 9)) * (Math.floor(y / 40) % 2 ? 1 : 0.6);
    const e = ghostEvidence(through(stripes, still), W, H, PARAMS)!;
    expect(e.evidence).toBeLessThan(PARAMS.lo);
    expect(ghostScore(e, PARAMS)).toBe(0);
  });

  it('does not take a smear for a ghost: a linear motion blur has no second image', () => {
    const smear = Array.from({ length: 12 }, (_, i) => ({ dx: i, dy: 0, w: 1 / 12 }));
    expect(ghostScore(ghostEvidence(through(scene(3), smear), W, H, PARAMS), PARAMS)).toBe(0);
  });

  it('gives no verdict on a frame with too few textured blocks, and ignores one consistent with too few blocks', () => {
    const flat = new Uint8Array(W * H * 3).fill(128);
    expect(ghostEvidence(flat, W, H, PARAMS)).toBeNull();
    expect(ghostScore(null, PARAMS)).toBe(0);
    const e = ghostEvidence(through(scene(4), doubledTaps(8, 2)), W, H, PARAMS)!;
    expect(ghostScore({ ...e, consistency: 0.4 }, PARAMS)).toBe(0);
    expect(ghostScore({ ...e, blocks: 5 }, PARAMS)).toBe(0);
  });

  it('stops after the first blocks where they show no ghost, and examines the rest where they do', () => {
    const sharp = ghostEvidence(through(scene(7), still), W, H, PARAMS)!;
    expect(sharp.blocks).toBe(GHOST_PROBE_BLOCKS);
    expect(sharp.evidence).toBeLessThan(PARAMS.lo / 2);
    const ghost = ghostEvidence(through(scene(7), doubledTaps(5, 9)), W, H, PARAMS)!;
    expect(ghost.blocks).toBe((W / GHOST_BLOCK) * (H / GHOST_BLOCK));
  });

  it('examines at most maxBlocks blocks, spread over the frame', () => {
    const e = ghostEvidence(through(scene(5), doubledTaps(6, 6)), W, H, { ...PARAMS, maxBlocks: 8 })!;
    expect(e.blocks).toBe(8);
    const rows = new Set(e.showing.map((b) => b.y));
    expect(rows.size).toBeGreaterThan(1);
    for (const b of e.showing) expect(b.x % GHOST_BLOCK + b.y % GHOST_BLOCK).toBe(0);
  });
});

describe('judgePasses with doubled edges (aggregation.ghost)', () => {
  const base = loadModelCard().card;
  const card = (ghost: GhostParams | undefined): ModelCard => ({
    ...base, threshold: 0.5, blurType: { ...base.blurType, headWeight: undefined },
    aggregation: { ...base.aggregation, quantile: 0.1, textureMin: 0.05, minTextured: 3, directional: undefined, shakeContext: undefined, coarseWhenUnsure: undefined, ghost },
  });
  // 5x4 tiles of 128 px, every one crisp: what a tile network sees of a double exposure.
  const cols = 5, rows = 4, n = cols * rows;
  const out: TileOutputs = { blur: new Float32Array(n).fill(0.05), motion: new Float32Array(n).fill(0.1), texture: new Float32Array(n).fill(0.2) };
  const evidence = ghostEvidence(through(scene(6), doubledTaps(8, 5)), W, H, PARAMS)!;

  it('flags the frame as motion and marks the blocks that show the ghost in the focus map', () => {
    const j = judgePasses({ out, cols, rows }, null, card(PARAMS), undefined, evidence);
    expect(j.verdict).toBe('blurry');
    expect(j.blurScore).toBe(1);
    expect(j.blurType).toBe('motion');
    const marked = Array.from(j.tiles.blur).filter((b) => b === 255).length;
    expect(marked).toBe(evidence.showing.length);
    expect(marked).toBeGreaterThan(n / 2);
  });

  it('changes nothing without the card asking, or without a ghost', () => {
    const plain = judgePasses({ out, cols, rows }, null, card(undefined), undefined, evidence);
    expect(plain.verdict).toBe('sharp');
    expect(plain.blurScore).toBeCloseTo(0.05, 5);
    const noGhost = judgePasses({ out, cols, rows }, null, card(PARAMS), undefined, ghostEvidence(through(scene(6), still), W, H, PARAMS));
    expect(noGhost.blurScore).toBeCloseTo(0.05, 5);
    expect(noGhost.blurType).toBe(plain.blurType);
  });
});
