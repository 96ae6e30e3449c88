import type { BlurJudgement, BlurType } from '../../shared/photo-types.ts';
import { GHOST_BLOCK, ghostScore, type GhostEvidence } from './ghost-detector.ts';
import type { ModelCard } from './model-card.ts';

export interface TileOutputs {
  blur: Float32Array;
  motion: Float32Array;
  texture: Float32Array;
  /** Present in models that output it: near 0 where a tile's detail runs in one direction only. */
  isotropy?: Float32Array;
  /** Present in models that output it: per tile, CRISP_DIRECTIONS probabilities (row-major) of crisp detail along 0/45/90/135 degrees. */
  crisp?: Float32Array;
}

export const CRISP_DIRECTIONS = 4;

/** numpy's default (linear) quantile of a list of numbers. */
export function linearQuantile(values: number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of an empty list');
  return quantileOfSorted([...values].sort((a, b) => a - b), q);
}

/** linearQuantile of a list already sorted ascending, without copying and sorting it again. */
function quantileOfSorted(sorted: number[], q: number): number {
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
  const { minTextured, isotropyMin } = card.aggregation;
  const gate = isotropy !== undefined && isotropyMin !== undefined;
  const all = Array.from(texture.keys());
  const textured = gatedTiles(texture, card, isotropy);
  if (textured.length >= minTextured) return textured;
  const rank = (i: number) => texture[i] * (gate ? isotropy[i] : 1);
  return all.sort((a, b) => rank(b) - rank(a)).slice(0, Math.min(minTextured, all.length));
}

/** The tiles that pass the texture (and, where the model has it, isotropy) gate, without the minTextured fallback. */
function gatedTiles(texture: Float32Array, card: ModelCard, isotropy?: Float32Array): number[] {
  const { textureMin, isotropyMin } = card.aggregation;
  const gate = isotropy !== undefined && isotropyMin !== undefined;
  return Array.from(texture.keys()).filter((i) => texture[i] >= textureMin && (!gate || isotropy[i] >= isotropyMin));
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
  const quantileScore = clamp01(linearQuantile(weighted, card.aggregation.quantile));
  const blurScore = Math.max(quantileScore, shakeContextScore(out, selected, card, quantileScore) ?? 0);
  const blurryTiles = selected.filter((i) => out.blur[i] >= card.blurType.tileBlurMin);
  const typeTiles = blurryTiles.length > 0 ? blurryTiles : selected;
  const motionScore = typeTiles.reduce((s, i) => s + out.motion[i], 0) / typeTiles.length;
  return { blurScore, motionScore, selected };
}

/** A tile at or above this blur counts as blurry for the whole-frame shake rule (the training label's midpoint). */
const SHAKE_TILE_BLUR = 0.5;

/**
 * Hand-held shake moves the whole frame. When most selected tiles are blurry and their blur is motion, the
 * few crisp-looking tiles left (a light trail, a doubled edge, a glint) are not a sharp subject, so the head
 * reads a higher quantile instead of the sharpest tiles. A sharp subject on a defocused background is not
 * affected: its blurry tiles are defocus. A frame with fewer than minTiles tiles past the texture gate (a
 * low-contrast page, a close-up face) has too little detail to judge as a whole, and a frame whose sharpest
 * tiles are confidently sharp (`headScore` under headMin) has a subject: a panned shot, the camera following a
 * sharp subject across a streaked background. Among a dozen selected tiles a subject of a tile or two lifts the
 * interpolated head over headMin, so a frame with any selected tile under subjectTileBlur has a subject too.
 * Returns undefined when the card has no such rule or the frame does not qualify.
 */
export function shakeContextScore(out: TileOutputs, selected: number[], card: ModelCard, headScore: number): number | undefined {
  const c = card.aggregation.shakeContext;
  if (!c || selected.length === 0 || headScore < (c.headMin ?? 0)) return undefined;
  if (gatedTiles(out.texture, card, out.isotropy).length < c.minTiles) return undefined;
  const subjectTile = c.subjectTileBlur;
  if (subjectTile !== undefined && selected.some((i) => out.blur[i] < subjectTile)) return undefined;
  const blurry = selected.filter((i) => out.blur[i] >= SHAKE_TILE_BLUR);
  if (blurry.length === 0 || blurry.length / selected.length < c.fraction) return undefined;
  const motion = blurry.reduce((s, i) => s + out.motion[i], 0) / blurry.length;
  if (motion < c.motionMin) return undefined;
  return clamp01(linearQuantile(selected.map((i) => out.blur[i]), c.quantile));
}

/**
 * Per direction, the k-th highest crisp probability over the tiles with texture (all tiles if none
 * has any): the photo's evidence of crisp detail along that direction.
 */
export function crispEvidence(crisp: Float32Array, texture: Float32Array, k: number, textureMin: number): number[] {
  if (crisp.length !== texture.length * CRISP_DIRECTIONS) throw new Error(`model returned ${crisp.length} crisp values for ${texture.length} tiles`);
  const all = Array.from(texture.keys());
  const textured = all.filter((i) => texture[i] >= textureMin);
  const tiles = textured.length > 0 ? textured : all;
  const rank = Math.min(k, tiles.length) - 1;
  return Array.from({ length: CRISP_DIRECTIONS }, (_, d) => tiles.map((i) => crisp[i * CRISP_DIRECTIONS + d]).sort((a, b) => b - a)[rank]);
}

const EPS = 1e-6;
export function logit(p: number): number {
  const q = Math.min(Math.max(p, EPS), 1 - EPS);
  return Math.log(q / (1 - q));
}
export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * How much the directions' evidence disagrees, 0..1: (logit(strongest) - logit(weakest)) / (2 logit(clip)),
 * with the evidence clipped to [1 - clip, clip]. A fog photo's faint crisp detail is weak in every
 * direction alike; shake leaves it along the shake and removes it across.
 */
export function anisotropyScore(evidence: number[], clip: number): number {
  const c = evidence.map((e) => Math.min(Math.max(e, 1 - clip), clip));
  return (logit(Math.max(...c)) - logit(Math.min(...c))) / (2 * logit(clip));
}

interface DirectionalVerdict {
  blurScore: number;
  motionScore: number;
  /** Set when the directional score decided the photo: a tile's blur along the photo's weakest direction, on the score's scale. */
  tileBlur?: (tile: number) => number;
}

/**
 * Camera shake removes crisp detail along the shake everywhere, even in tiles where edges parallel
 * to it stay crisp and the blur head sees a sharp tile. A sharp photo has crisp detail along every
 * direction somewhere (a sharp subject is enough), so the weakest direction's evidence decides; with
 * `anisotropy`, so may the disagreement between the directions.
 */
function directionalVerdict(out: TileOutputs, card: ModelCard, headScore: number, headMotion: number): DirectionalVerdict {
  const d = card.aggregation.directional;
  if (!d || !out.crisp) return { blurScore: headScore, motionScore: headMotion };
  const crisp = out.crisp;
  const evidence = crispEvidence(crisp, out.texture, d.k, d.textureMin);
  const weakest = Math.min(...evidence);
  const direction = evidence.indexOf(weakest);
  const onScale = (lack: number) => sigmoid(logit(lack) + d.logitShift);
  const shifted = onScale(1 - weakest);
  const decides = d.combine === 'directional-only' || shifted > headScore;
  // Shake leaves one direction crisp and another not; defocus leaves none. (The blur type's plain
  // spread, not the logit disagreement of `anisotropy` below.)
  const spread = Math.max(...evidence) - weakest;
  const w = card.blurType.headWeight ?? 1;
  const motionScore = w * headMotion + (1 - w) * spread;
  const lackAlong = (dir: number) => (i: number) => onScale(1 - crisp[i * CRISP_DIRECTIONS + dir]);
  const score = decides ? shifted : headScore;
  const a = d.anisotropy;
  if (a) {
    const own = crispEvidence(crisp, out.texture, a.k, a.textureMin);
    const disagreement = sigmoid(logit(anisotropyScore(own, a.clip)) + a.logitShift);
    if (disagreement > score) return { blurScore: disagreement, motionScore, tileBlur: lackAlong(own.indexOf(Math.min(...own))) };
  }
  return { blurScore: score, motionScore, ...(decides ? { tileBlur: lackAlong(direction) } : {}) };
}

/**
 * With coarseWhenUnsure.anisotropy, the directions' disagreement (the anisotropy rule, same parameters) on the coarse
 * pass as well: a 10-20 px shake leaves the edges along it crisp even at half size, but removes every edge across it.
 */
function coarseDisagreement(coarse: TileOutputs, card: ModelCard): number {
  const a = card.aggregation.directional?.anisotropy;
  const { coarseScale, coarseWhenUnsure } = card.aggregation;
  if (!a || !coarse.crisp || coarseScale !== undefined || !coarseWhenUnsure?.anisotropy) return 0;
  return sigmoid(logit(anisotropyScore(crispEvidence(coarse.crisp, coarse.texture, a.k, a.textureMin), a.clip)) + a.logitShift);
}

/**
 * The scale of the second, coarse pass this photo needs, or undefined: always the card's coarseScale where it has
 * one; with coarseWhenUnsure, only when no selected analysis-scale tile is confidently sharp (the sharpest is at
 * least minTileBlur), or, with its softFrame, when the frame is soft all over (see softFrame). A frame with a
 * confidently sharp region has a subject for the low quantile to protect, and a tiny subject can vanish at the
 * coarse scale; a frame without one has nothing to protect there, and blur too large for a tile at the analysis
 * scale (a phone shot far out of focus) shows at the coarse one.
 */
export function coarseScaleFor(fine: TileOutputs, card: ModelCard): number | undefined {
  const { coarseScale, coarseWhenUnsure } = card.aggregation;
  if (coarseScale !== undefined) return coarseScale;
  if (!coarseWhenUnsure) return undefined;
  const selected = selectTexturedTiles(fine.texture, card, fine.isotropy);
  const blur = selected.map((i) => fine.blur[i]).sort((a, b) => a - b);
  const { minTileBlur, softFrame: soft } = coarseWhenUnsure;
  if (blur[0] >= minTileBlur) return coarseWhenUnsure.scale;
  return soft && softFrame(blur, soft) ? coarseWhenUnsure.scale : undefined;
}

type SoftFrameRule = NonNullable<NonNullable<ModelCard['aggregation']['coarseWhenUnsure']>['softFrame']>;

/**
 * A frame soft all over rather than a subject on a blurred background: its sharpest tile is not confidently sharp,
 * the next is close to it, and most of the frame is soft. A small subject's tile sits far below all the others; the
 * least soft spot of a shaken or misfocused phone shot is only a little sharper than its neighbours.
 */
function softFrame(sortedBlur: number[], soft: SoftFrameRule): boolean {
  if (sortedBlur.length < 2) return false;
  const [sharpest, next] = sortedBlur;
  return sharpest >= soft.minTileBlur && next - sharpest < soft.subjectGap && quantileOfSorted(sortedBlur, 0.5) >= soft.medianMin;
}

/**
 * The verdict from the analysis-scale pass and, where the card asks for one (coarseScaleFor), the coarse pass:
 * blur longer than a tile can see at the analysis scale fits in a tile at the coarse scale, so
 * the photo is as blurry as the blurrier pass says, and that pass names the kind of blur. Models
 * with directional crispness add the analysis-scale pass's directional score (see directionalVerdict). With the
 * card's `ghost`, a frame whose edges all show twice (`ghost`, the analysis image's evidence) scores at least as
 * ghostScore says, as motion blur; the focus map then marks the blocks that show it.
 */
export function judgePasses(fine: TilePass, coarse: TilePass | null, card: ModelCard, threshold = card.threshold, ghost: GhostEvidence | null = null): BlurJudgement {
  const f = scorePass(fine, card);
  // A coarse pass the card does not ask for on this photo does not count, whoever ran it.
  const c = coarse && coarseScaleFor(fine.out, card) !== undefined ? scorePass(coarse, card) : null;
  const decisive = c && c.blurScore > f.blurScore ? c : f;
  const dir = directionalVerdict(fine.out, card, decisive.blurScore, decisive.motionScore);
  const tilesScore = clamp01(Math.max(dir.blurScore, c && coarse ? coarseDisagreement(coarse.out, card) : 0));
  const doubled = card.aggregation.ghost ? ghostScore(ghost, card.aggregation.ghost) : 0;
  const ghostDecides = doubled > tilesScore;
  const blurScore = ghostDecides ? doubled : tilesScore;
  // Two copies of every edge are the camera moving between two rests: motion, whatever the tiles say.
  const motionScore = ghostDecides ? Math.max(dir.motionScore, card.blurType.motionThreshold) : dir.motionScore;
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
    // The focus map shows what the verdict saw: each tile as blurry as the coarse tile over it,
    // and where the directional score decided, as blurry as it is along the weakest direction.
    if (c && coarse) {
      const cx = Math.min(coarse.cols - 1, Math.floor(((i % cols) + 0.5) * coarse.cols / cols));
      const cy = Math.min(coarse.rows - 1, Math.floor((Math.floor(i / cols) + 0.5) * coarse.rows / rows));
      b = Math.max(b, coarse.out.blur[cy * coarse.cols + cx]);
    }
    if (dir.tileBlur) b = Math.max(b, dir.tileBlur(i));
    blur[i] = Math.round(clamp01(b) * 255);
  }
  if (ghostDecides && ghost) markGhostBlocks(blur, fine, card.analysis.stride, ghost, doubled);
  return { blurScore, verdict, blurType, motionScore, tiles: { cols, rows, blur, used } };
}

/** Tiles that overlap a block showing the ghost read as blurry as the ghost score in the focus map. */
function markGhostBlocks(blur: Uint8Array, { cols, rows }: TilePass, stride: number, ghost: GhostEvidence, score: number): void {
  const value = Math.round(clamp01(score) * 255);
  for (const { x, y } of ghost.showing) {
    const c = Math.min(cols - 1, Math.floor(x / stride)), r = Math.min(rows - 1, Math.floor(y / stride));
    const c2 = Math.min(cols - 1, Math.floor((x + GHOST_BLOCK - 1) / stride)), r2 = Math.min(rows - 1, Math.floor((y + GHOST_BLOCK - 1) / stride));
    for (let yy = r; yy <= r2; yy++) for (let xx = c; xx <= c2; xx++) blur[yy * cols + xx] = Math.max(blur[yy * cols + xx], value);
  }
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
