import * as ort from 'onnxruntime-node';
import type { AnalysisLevel, BlurJudgement } from '../../shared/photo-types.ts';
import { coarseScaleFor, CRISP_DIRECTIONS, judgePasses, type TileOutputs, type TilePass } from './blur-aggregate.ts';
import { ghostEvidence } from './ghost-detector.ts';
import type { LoadedModel, ModelCard } from './model-card.ts';
import { longEdgeFor, ModelMismatchError, requiredOutputs } from './model-card.ts';
import { openSession, type ProviderPolicy } from './onnx-session.ts';
import { downscaleAnalysis, type AnalysisImage } from './photo-decoder.ts';
import { blurrierOpinion, secondOpinionCard, secondOutputs } from './second-opinion.ts';
import { cutTiles, tileGrid, tilesAround } from './tile-grid.ts';

/** Bounds the float batch to ~25 MB however large the analysis level makes a photo. */
const MAX_TILES_PER_RUN = 96;

export class BlurModel {
  /** One batch of input tiles, reused from batch to batch; `queue` keeps judge() calls one at a time so they never share it. */
  private readonly tileBuffer: Float32Array;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly secondCard: ModelCard | null;

  private constructor(
    readonly card: ModelCard,
    private readonly session: ort.InferenceSession,
    readonly provider: string,
    readonly fallbackReason: string | null,
  ) {
    this.tileBuffer = new Float32Array(MAX_TILES_PER_RUN * 3 * card.analysis.tileSize ** 2);
    this.secondCard = secondOpinionCard(card);
  }

  static async load(model: LoadedModel, policy: ProviderPolicy = 'auto'): Promise<BlurModel> {
    const opened = await openSession(model.onnxPath, policy);
    const missing = requiredOutputs(model.card).filter((name) => !opened.session.outputNames.includes(name));
    if (missing.length > 0) {
      await opened.session.release();
      throw new ModelMismatchError(`model file ${model.onnxPath} lacks the output(s) ${missing.join(', ')} that its card ${model.cardPath} uses`);
    }
    return new BlurModel(model.card, opened.session, opened.provider, opened.fallbackReason);
  }

  longEdge(level: AnalysisLevel): number {
    return longEdgeFor(this.card, level);
  }

  get tileSize(): number {
    return this.card.analysis.tileSize;
  }

  /** Runs one batch of NCHW tiles through the network; exposed for the parity test. */
  async runTiles(tiles: Float32Array, count: number): Promise<TileOutputs & { second?: TileOutputs }> {
    const t = this.tileSize;
    const input = new ort.Tensor('float32', tiles, [count, 3, t, t]);
    const run = await this.session.run({ [this.card.input.name]: input });
    const out = Object.fromEntries(Object.entries(run).map(([name, t]) => [name, t.data as Float32Array]));
    const first: TileOutputs = {
      blur: out.blur, motion: out.motion, texture: out.texture,
      ...(out.isotropy ? { isotropy: out.isotropy } : {}),
      ...(out.crisp ? { crisp: out.crisp } : {}),
    };
    return this.card.secondOpinion ? { ...first, second: secondOutputs(this.card, out, first) } : first;
  }

  judge(image: AnalysisImage, threshold?: number, afPoint: { x: number; y: number } | null = null): Promise<BlurJudgement> {
    const run = this.queue.then(() => this.judgeNow(image, threshold, afPoint));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async judgeNow(image: AnalysisImage, threshold: number | undefined, afPoint: { x: number; y: number } | null): Promise<BlurJudgement> {
    const always = this.card.aggregation.coarseScale;
    // libvips downscales on its own threads while the network runs the analysis-scale tiles.
    const early = always === undefined ? null : downscaleAnalysis(image, always, this.tileSize);
    const finePass = this.runPass(image, afPoint);
    // Pure JS on this thread: it runs while onnxruntime works through the first batch on its own threads.
    const g = this.card.aggregation.ghost;
    const ghost = g ? ghostEvidence(image.rgb, image.width, image.height, g) : null;
    const fine = await finePass;
    // Otherwise the analysis-scale pass decides whether the photo needs the coarse one at all (most photos do not).
    const sc = this.secondCard;
    const secondScale = sc && fine.second ? coarseScaleFor(fine.second.out, sc) : undefined;
    const scale = coarseScaleFor(fine.first.out, this.card) ?? secondScale;
    const small = early ? await early : scale === undefined ? null : await downscaleAnalysis(image, scale, this.tileSize);
    const coarse = small ? await this.runPass(small, afPoint) : null;
    const t = threshold ?? this.card.threshold;
    const first = judgePasses(fine.first, coarse?.first ?? null, this.card, t, ghost);
    if (!sc || !fine.second) return first;
    // The second network's coarse pass only counts at the scale its own aggregation asks for.
    const secondCoarse = coarse?.second && secondScale === scale ? coarse.second : null;
    return blurrierOpinion(first, judgePasses(fine.second, secondCoarse, sc, sc.threshold, null), this.card, t);
  }

  /** Every tile of one image through the network, in batches. */
  private async runPass(image: AnalysisImage, afPoint: { x: number; y: number } | null): Promise<{ first: TilePass; second: TilePass | null }> {
    const grid = tileGrid(image.width, image.height, this.tileSize, this.card.analysis.stride);
    const count = grid.xs.length * grid.ys.length;
    const all: TileOutputs = { blur: new Float32Array(count), motion: new Float32Array(count), texture: new Float32Array(count) };
    if (this.session.outputNames.includes('isotropy')) all.isotropy = new Float32Array(count);
    if (this.session.outputNames.includes('crisp')) all.crisp = new Float32Array(count * CRISP_DIRECTIONS);
    const second: TileOutputs | null = this.secondCard
      ? { blur: new Float32Array(count), motion: new Float32Array(count), texture: all.texture, isotropy: all.isotropy, crisp: this.card.secondOpinion?.outputs.crisp ? new Float32Array(count * CRISP_DIRECTIONS) : undefined }
      : null;
    for (let first = 0; first < count; first += MAX_TILES_PER_RUN) {
      const n = Math.min(MAX_TILES_PER_RUN, count - first);
      const out = await this.runTiles(cutTiles(image.rgb, image.width, grid, first, n, this.tileBuffer), n);
      placeHeads(all, out, first);
      all.texture.set(out.texture, first);
      if (all.isotropy && out.isotropy) all.isotropy.set(out.isotropy, first);
      if (second && out.second) placeHeads(second, out.second, first);
    }
    const focusTiles = afPoint ? tilesAround(grid, image.width, image.height, afPoint) : [];
    const pass = (out: TileOutputs): TilePass => ({ out, cols: grid.xs.length, rows: grid.ys.length, focusTiles });
    return { first: pass(all), second: second ? pass(second) : null };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** One batch's network heads into a whole pass's outputs at tile `at` (texture and isotropy are shared by both networks). */
function placeHeads(pass: TileOutputs, batch: TileOutputs, at: number): void {
  pass.blur.set(batch.blur, at);
  pass.motion.set(batch.motion, at);
  if (pass.crisp && batch.crisp) pass.crisp.set(batch.crisp, at * CRISP_DIRECTIONS);
}
