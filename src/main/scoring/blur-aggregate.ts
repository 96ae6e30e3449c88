import type { BlurJudgement, BlurType } from '../../shared/photo-types.ts';
import type { ModelCard } from './model-card.ts';

export interface TileOutputs {
  blur: Float32Array;
  motion: Float32Array;
  texture: Float32Array;
  /** Present in models that output it: near 0 where a tile's detail runs in one direction only. */
  isotropy?: Float32Array;
}

/** numpy's default (linear) quantile of a list of numbers. */
export function linearQuantile(values: number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Picks the tiles that carry texture (so sky and walls cannot vote) and scores the photo by a low
 * quantile of their blur: the sharpest textured regions decide, so a sharp subject on a blurred
 * background is a sharp photo.
 */
export function selectTexturedTiles(texture: Float32Array, card: ModelCard, isotropy?: Float32Array): number[] {
  const { textureMin, minTextured, isotropyMin } = card.aggregation;
  const gate = isotropy !== undefined && isotropyMin !== undefined;
  const all = Array.from(texture.keys());
  const textured = all.filter((i) => texture[i] >= textureMin && (!gate || isotropy[i] >= isotropyMin));
  if (textured.length >= minTextured) return textured;
  const rank = (i: number) => texture[i] * (gate ? isotropy[i] : 1);
  return all.sort((a, b) => rank(b) - rank(a)).slice(0, Math.min(minTextured, all.length));
}

/** Tiles around the camera's AF point count this many times in the quantile: that is where the photographer wanted focus. */
export const AF_TILE_WEIGHT = 3;

/** One pass of the model over a grid of tiles, plus the tiles around the AF point in that grid. */
export interface TilePass {
  out: TileOutputs;
  cols: number;
  rows: number;
  focusTiles?: number[];
}

interface PassScore {
  blurScore: number;
  motionScore: number;
  selected: number[];
}

function scorePass({ out, cols, rows, focusTiles = [] }: TilePass, card: ModelCard): PassScore {
  const n = cols * rows;
  if (out.blur.length !== n || out.motion.length !== n || out.texture.length !== n) {
    throw new Error(`model returned ${out.blur.length} tiles for a ${cols}x${rows} grid`);
  }
  const selected = selectTexturedTiles(out.texture, card, out.isotropy);
  const chosen = new Set(selected);
  const weighted = selected.map((i) => out.blur[i]);
  for (const i of focusTiles) if (chosen.has(i)) for (let k = 1; k < AF_TILE_WEIGHT; k++) weighted.push(out.blur[i]);
  const blurScore = clamp01(linearQuantile(weighted, card.aggregation.quantile));
  const blurryTiles = selected.filter((i) => out.blur[i] >= card.blurType.tileBlurMin);
  const typeTiles = blurryTiles.length > 0 ? blurryTiles : selected;
  const motionScore = typeTiles.reduce((s, i) => s + out.motion[i], 0) / typeTiles.length;
  return { blurScore, motionScore, selected };
}

/**
 * The verdict from the analysis-scale pass and, where the card asks for one, the coarse pass:
 * blur longer than a tile can see at the analysis scale fits in a tile at the coarse scale, so
 * the photo is as blurry as the blurrier pass says, and that pass names the kind of blur.
 */
export function judgePasses(fine: TilePass, coarse: TilePass | null, card: ModelCard, threshold = card.threshold): BlurJudgement {
  const f = scorePass(fine, card);
  const c = coarse ? scorePass(coarse, card) : null;
  const decisive = c && c.blurScore > f.blurScore ? c : f;
  const { blurScore, motionScore } = decisive;
  const verdict = blurScore >= threshold ? 'blurry' : 'sharp';
  // Kept for sharp photos too: a lower threshold chosen later in the app can flag them.
  const blurType: BlurType = motionScore >= card.blurType.motionThreshold ? 'motion' : 'defocus';

  const { cols, rows } = fine;
  const n = cols * rows;
  const used = new Uint8Array(n);
  for (const i of f.selected) used[i] = 1;
  const blur = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let b = fine.out.blur[i];
    // The focus map shows what the verdict saw: each tile as blurry as the coarse tile over it.
    if (coarse) {
      const cx = Math.min(coarse.cols - 1, Math.floor(((i % cols) + 0.5) * coarse.cols / cols));
      const cy = Math.min(coarse.rows - 1, Math.floor((Math.floor(i / cols) + 0.5) * coarse.rows / rows));
      b = Math.max(b, coarse.out.blur[cy * coarse.cols + cx]);
    }
    blur[i] = Math.round(clamp01(b) * 255);
  }
  return { blurScore, verdict, blurType, motionScore, tiles: { cols, rows, blur, used } };
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
