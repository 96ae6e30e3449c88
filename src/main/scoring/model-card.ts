import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AnalysisLevel } from '../../shared/photo-types.ts';

const levelSchema = z.object({ longEdge: z.number().int().positive(), description: z.string() });

const aggregationSchema = z.object({
  method: z.literal('textured-quantile'),
  quantile: z.number().min(0).max(1),
  textureMin: z.number().min(0),
  minTextured: z.number().int().positive(),
  interpolation: z.literal('linear'),
  /** Tiles whose detail runs in one direction only cannot tell shake from sharpness (edges along the shake stay sharp). */
  isotropyMin: z.number().min(0).optional(),
  /** A second pass on the analysis image downscaled by this factor; the photo scores as the blurrier pass. */
  coarseScale: z.number().gt(0).lt(1).optional(),
  /** A second pass at `scale` only for frames with no confidently sharp tile: see coarseWhenUnsure in blur-aggregate. */
  coarseWhenUnsure: z.object({
    scale: z.number().gt(0).lt(1),
    /** The frame's sharpest selected tile must be at least this blurry for the second pass to count. */
    minTileBlur: z.number().min(0).max(1),
    /** The second pass also counts for a frame soft all over: see softFrame in blur-aggregate. */
    softFrame: z.object({
      /** Its sharpest selected tile is at least this blurry... */
      minTileBlur: z.number().min(0).max(1),
      /** ...the second-sharpest is less than this above it (no lone subject tile)... */
      subjectGap: z.number().min(0).max(1),
      /** ...and the selected tiles' median blur is at least this. */
      medianMin: z.number().min(0).max(1),
    }).optional(),
    /** The directional anisotropy rule judges that pass too. */
    anisotropy: z.boolean().optional(),
  }).optional(),
  /** Doubled edges (a ghost): see ghost-detector. The photo scores at least ghostScore of the analysis image. */
  ghost: z.object({
    minLag: z.number().positive(),
    // Twice the lag must stay inside a block's zero-padded FFT (128 px block, 256 points).
    maxLag: z.number().positive().max(48),
    rmsMin: z.number().min(0),
    minBlocks: z.number().int().positive(),
    maxBlocks: z.number().int().positive(),
    minConsistency: z.number().min(0).max(1),
    lo: z.number().min(0),
    hi: z.number().positive(),
  }).refine((g) => g.hi > g.lo && g.maxLag >= g.minLag, { message: 'ghost needs hi > lo and maxLag >= minLag' }).optional(),
  /** Whole-frame shake: see shakeContextScore. */
  shakeContext: z.object({
    /** Share of the selected tiles that must be blurry (blur >= 0.5). */
    fraction: z.number().gt(0).max(1),
    /** Mean motion-head value those blurry tiles must reach. */
    motionMin: z.number().min(0).max(1),
    /** The higher quantile of the selected tiles' blur that the head then reads. */
    quantile: z.number().min(0).max(1),
    /** Tiles that must pass the texture gate (no minTextured fallback) for the frame to be judged as a whole. */
    minTiles: z.number().int().positive(),
    /** The rule leaves frames whose sharpest tiles score under this alone: they have a confidently sharp subject. */
    headMin: z.number().min(0).max(1).optional(),
    /** The rule leaves frames with a selected tile under this blur alone: a subject of a tile or two, which headMin misses among few tiles. */
    subjectTileBlur: z.number().min(0).max(1).optional(),
  }).optional(),
  /** Directional crispness (models with a `crisp` output): a sharp photo has crisp detail along every direction somewhere. */
  directional: z.object({
    /** Per direction, the k-th highest crisp probability over the textured tiles is the photo's evidence. */
    k: z.number().int().positive(),
    textureMin: z.number().min(0),
    /** Moves the directional score onto the threshold's scale, in logit space. */
    logitShift: z.number(),
    combine: z.enum(['max', 'directional-only']),
    /** Shake leaves crisp detail along itself and none across, so the directions' evidence disagrees (see anisotropyScore). */
    anisotropy: z.object({
      k: z.number().int().positive(),
      textureMin: z.number().min(0),
      /** Evidence is clipped to [1 - clip, clip] before the logit, so near-certain directions count as equal. */
      clip: z.number().gt(0.5).lt(1),
      logitShift: z.number(),
    }).optional(),
  }).optional(),
});

const blurTypeSchema = z.object({
  method: z.string(),
  tileBlurMin: z.number().min(0).max(1),
  motionThreshold: z.number().min(0).max(1),
  /** With directional crispness: typeScore = headWeight * motion head + (1 - headWeight) * directional anisotropy. */
  headWeight: z.number().min(0).max(1).optional(),
});

export const modelCardSchema = z.object({
  id: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+/),
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  architecture: z.string(),
  parameters: z.number().int().positive(),
  weightsBytes: z.number().int().positive().max(1024 * 1024),
  input: z.object({
    name: z.string(),
    layout: z.literal('NCHW'),
    dtype: z.literal('float32'),
    colorSpace: z.literal('sRGB'),
    channels: z.literal('RGB'),
    scale: z.literal('byte/255'),
    normalization: z.string(),
    tileSize: z.number().int().positive(),
  }),
  outputs: z.object({ blur: z.string(), motion: z.string(), texture: z.string(), isotropy: z.string().optional(), crisp: z.string().optional() }),
  analysis: z.object({
    tileSize: z.number().int().positive(),
    stride: z.number().int().positive(),
    resize: z.string(),
    levels: z.object({ standard: levelSchema, strict: levelSchema }),
  }),
  aggregation: aggregationSchema,
  threshold: z.number().gt(0).lt(1),
  /** What the thresholds mean, measured through the engine on held-out real photos (never tuned on). */
  calibration: z.object({
    source: z.string(),
    command: z.string(),
    /** Named sensitivities; standard is the card's threshold. */
    sensitivities: z.object({ relaxed: z.number().gt(0).lt(1), standard: z.number().gt(0).lt(1), strict: z.number().gt(0).lt(1) }),
    heldout: z.array(z.object({ set: z.string(), label: z.enum(['sharp', 'blurry']), score: z.number().min(0).max(1) })),
  }).optional(),
  blurType: blurTypeSchema,
  /**
   * A second network in the same ONNX graph (the same training chain, another seed), judged by its own tuned
   * aggregation and threshold: see second-opinion.ts. Its outputs are named here; texture and isotropy are shared.
   */
  secondOpinion: z.object({
    description: z.string(),
    outputs: z.object({ blur: z.string(), motion: z.string(), crisp: z.string().optional() }),
    aggregation: aggregationSchema,
    threshold: z.number().gt(0).lt(1),
    /** The second opinion counts only where its blur-type score (blurType's typeScore) is at least this: camera motion. */
    motionMin: z.number().min(0).max(1).optional(),
    blurType: blurTypeSchema,
  }).refine((s) => !s.aggregation.directional || s.outputs.crisp, { message: 'a second opinion with directional aggregation needs outputs.crisp' })
    .refine((s) => !s.aggregation.ghost, { message: 'the doubled-edge check belongs to the first opinion only' }).optional(),
  training: z.object({ command: z.string(), seed: z.number().int(), data: z.array(z.unknown()).min(1) }).passthrough(),
  metrics: z.object({ validation: z.record(z.string(), z.unknown()) }).passthrough(),
});

export type ModelCard = z.infer<typeof modelCardSchema>;

export interface LoadedModel {
  card: ModelCard;
  onnxPath: string;
  cardPath: string;
}

export const defaultModelDir = path.resolve(import.meta.dirname, '../../../resources/models');
export const defaultModelName = 'crisp-blur';

export class ModelMissingError extends Error {
  readonly code = 'MODEL_MISSING';
}

/** The ONNX file lacks an output its card's aggregation reads (e.g. a v4 card beside a v3 network). */
export class ModelMismatchError extends Error {
  readonly code = 'MODEL_MISMATCH';
}

/** The network outputs (by name; the card's `outputs` describes each) that a card's aggregation reads. */
export function requiredOutputs(card: ModelCard): string[] {
  const names = ['blur', 'motion', 'texture'];
  if (card.aggregation.isotropyMin !== undefined) names.push('isotropy');
  if (card.aggregation.directional) names.push('crisp');
  const second = card.secondOpinion;
  if (second) {
    names.push(second.outputs.blur, second.outputs.motion);
    if (second.aggregation.isotropyMin !== undefined && !names.includes('isotropy')) names.push('isotropy');
    if (second.aggregation.directional && second.outputs.crisp) names.push(second.outputs.crisp);
  }
  return names;
}

/** Reads and validates a model card; `cardPath` is the JSON beside the .onnx. */
export function loadModelCard(cardPath = path.join(defaultModelDir, `${defaultModelName}.json`)): LoadedModel {
  if (!fs.existsSync(cardPath)) throw new ModelMissingError(`model card not found: ${cardPath}`);
  const parsed = modelCardSchema.safeParse(JSON.parse(fs.readFileSync(cardPath, 'utf8')));
  if (!parsed.success) {
    throw new ModelMissingError(`model card ${cardPath} is invalid: ${z.prettifyError(parsed.error)}`);
  }
  const onnxPath = path.join(path.dirname(cardPath), parsed.data.file);
  if (!fs.existsSync(onnxPath)) throw new ModelMissingError(`model file not found: ${onnxPath}`);
  if (parsed.data.input.tileSize !== parsed.data.analysis.tileSize) {
    throw new ModelMissingError(`model card ${cardPath}: input and analysis tile sizes differ`);
  }
  const sens = parsed.data.calibration?.sensitivities;
  if (sens && !(sens.relaxed > sens.standard && sens.standard > sens.strict && sens.standard === parsed.data.threshold)) {
    throw new ModelMissingError(`model card ${cardPath}: sensitivities must run relaxed > standard > strict, with standard at the card's threshold`);
  }
  return { card: parsed.data, onnxPath, cardPath };
}

export function longEdgeFor(card: ModelCard, level: AnalysisLevel): number {
  return card.analysis.levels[level].longEdge;
}

/** The tile geometry of one analysis level, as the focus map needs it. */
export function tileGeometry(card: ModelCard, level: AnalysisLevel): { tileSize: number; stride: number; analysisLongEdge: number } {
  return { tileSize: card.analysis.tileSize, stride: card.analysis.stride, analysisLongEdge: card.analysis.levels[level].longEdge };
}
