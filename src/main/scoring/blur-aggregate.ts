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

export function judgeTiles(out: TileOutputs, cols: number, rows: number, card: ModelCard, threshold = card.threshold, focusTiles: number[] = []): BlurJudgement {
  const n = cols * rows;
  if (out.blur.length !== n || out.motion.length !== n || out.texture.length !== n) {
    throw new Error(`model returned ${out.blur.length} tiles for a ${cols}x${rows} grid`);
  }
  const selected = selectTexturedTiles(out.texture, card, out.isotropy);
  const chosen = new Set(selected);
  const weighted = selected.map((i) => out.blur[i]);
  for (const i of focusTiles) if (chosen.has(i)) for (let k = 1; k < AF_TILE_WEIGHT; k++) weighted.push(out.blur[i]);
  const blurScore = clamp01(linearQuantile(weighted, card.aggregation.quantile));
  const verdict = blurScore >= threshold ? 'blurry' : 'sharp';

  const blurryTiles = selected.filter((i) => out.blur[i] >= card.blurType.tileBlurMin);
  const typeTiles = blurryTiles.length > 0 ? blurryTiles : selected;
  const motionScore = typeTiles.reduce((s, i) => s + out.motion[i], 0) / typeTiles.length;
  // Kept for sharp photos too: a lower threshold chosen later in the app can flag them.
  const blurType: BlurType = motionScore >= card.blurType.motionThreshold ? 'motion' : 'defocus';

  const used = new Uint8Array(n);
  for (const i of selected) used[i] = 1;
  const blur = new Uint8Array(n);
  for (let i = 0; i < n; i++) blur[i] = Math.round(clamp01(out.blur[i]) * 255);
  return { blurScore, verdict, blurType, motionScore, tiles: { cols, rows, blur, used } };
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
