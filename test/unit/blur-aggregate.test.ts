import { describe, expect, it } from 'vitest';
import { anisotropyScore, coarseScaleFor, crispEvidence, judgePasses, linearQuantile, selectTexturedTiles, shakeContextScore, type TileOutputs } from '../../src/main/scoring/blur-aggregate.ts';
import { loadModelCard, type ModelCard } from '../../src/main/scoring/model-card.ts';

/** The shipped card's blur head alone (no directional score or whole-frame shake rule unless a test adds one). */
function card(overrides: Partial<ModelCard['aggregation']> = {}): ModelCard {
  const base = loadModelCard().card;
  return {
    ...base, threshold: 0.5, blurType: { ...base.blurType, headWeight: undefined },
    aggregation: { ...base.aggregation, quantile: 0.1, textureMin: 0.05, minTextured: 3, directional: undefined, shakeContext: undefined, coarseWhenUnsure: undefined, ...overrides },
  };
}

/** The analysis-scale pass alone. */
function judgeTiles(out: TileOutputs, cols: number, rows: number, c: ModelCard) {
  return judgePasses({ out, cols, rows }, null, c);
}

describe('linearQuantile', () => {
  it('matches numpy linear interpolation', () => {
    expect(linearQuantile([4, 1, 3, 2], 0)).toBe(1);
    expect(linearQuantile([4, 1, 3, 2], 1)).toBe(4);
    expect(linearQuantile([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5);
    expect(linearQuantile([10, 20, 30, 40, 50], 0.1)).toBeCloseTo(14);
    expect(() => linearQuantile([], 0.5)).toThrow();
  });
});

describe('judgeTiles', () => {
  it('lets a sharp textured subject outvote a blurred background', () => {
    // 4x4 grid: 3 sharp textured subject tiles, 9 blurry textured background tiles, 4 flat sky tiles.
    const blur = new Float32Array([0.95, 0.9, 0.97, 0.99, 0.9, 0.05, 0.08, 0.95, 0.92, 0.1, 0.9, 0.96, 0.99, 0.99, 0.99, 0.99]);
    const texture = new Float32Array([0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.2, 0.2, 0.3, 0.2, 0.2, 0.01, 0.01, 0.01, 0.01]);
    const motion = new Float32Array(16).fill(0.2);
    const j = judgeTiles({ blur, motion, texture }, 4, 4, card());
    expect(j.verdict).toBe('sharp');
    expect(j.blurScore).toBeLessThan(0.5);
    expect(Array.from(j.tiles.used.subarray(12))).toEqual([0, 0, 0, 0]);
    expect(j.tiles.blur[5]).toBe(Math.round(0.05 * 255));
    // The mean, which the seed used, would have called it blurry.
    expect(blur.reduce((a, b) => a + b, 0) / 16).toBeGreaterThan(0.5);
  });

  it('flags a photo whose every textured tile is blurry and names the kind of blur', () => {
    const blur = new Float32Array(9).fill(0.9);
    const texture = new Float32Array(9).fill(0.2);
    const motion = new Float32Array(9).fill(0.8);
    const j = judgeTiles({ blur, motion, texture }, 3, 3, card());
    expect(j.verdict).toBe('blurry');
    expect(j.blurType).toBe('motion');
    expect(j.blurScore).toBeCloseTo(0.9, 5);
  });

  it('does not let tiles with detail in one direction only (edges along a shake) save a shaken photo', () => {
    const shaken = card();
    shaken.aggregation.isotropyMin = 0.2;
    // Two ceiling-line tiles look sharp; every multi-directional tile shows the shake.
    const blur = new Float32Array([0.02, 0.03, 0.9, 0.92, 0.95, 0.9, 0.93, 0.91, 0.94]);
    const texture = new Float32Array(9).fill(0.2);
    const isotropy = new Float32Array([0.01, 0.02, 0.5, 0.6, 0.4, 0.5, 0.45, 0.55, 0.5]);
    const motion = new Float32Array(9).fill(0.9);
    expect(judgeTiles({ blur, motion, texture }, 3, 3, shaken).verdict).toBe('sharp');
    const gated = judgeTiles({ blur, motion, texture, isotropy }, 3, 3, shaken);
    expect(gated.verdict).toBe('blurry');
    expect(Array.from(gated.tiles.used.subarray(0, 2))).toEqual([0, 0]);
  });

  it('falls back to the most textured tiles when almost nothing is textured', () => {
    const texture = new Float32Array([0.001, 0.02, 0.03, 0.002, 0.04]);
    expect(selectTexturedTiles(texture, card({ minTextured: 3 })).sort()).toEqual([1, 2, 4]);
  });

  it('rejects a tile count that does not match the grid', () => {
    const a = new Float32Array(4);
    expect(() => judgeTiles({ blur: a, motion: a, texture: a }, 3, 3, card())).toThrow(/4 tiles for a 3x3 grid/);
  });
});

describe('judgePasses (analysis scale + coarse pass)', () => {
  const textured = (n: number) => new Float32Array(n).fill(0.2);
  // A long shake: at the analysis scale every tile looks crisp across its streaks; at half scale the streaks fit in a tile.
  const fine = { out: { blur: new Float32Array(16).fill(0.1), motion: new Float32Array(16).fill(0.2), texture: textured(16) }, cols: 4, rows: 4 };
  const coarse = { out: { blur: new Float32Array([0.9, 0.85, 0.8, 0.95]), motion: new Float32Array(4).fill(0.9), texture: textured(4) }, cols: 2, rows: 2 };

  const always = () => card({ coarseScale: 0.5 });

  it('flags a photo that only the coarse pass sees as blurry, and takes the kind of blur from that pass', () => {
    expect(judgePasses(fine, null, always()).verdict).toBe('sharp');
    const j = judgePasses(fine, coarse, always());
    expect(j.verdict).toBe('blurry');
    expect(j.blurType).toBe('motion');
    expect(j.motionScore).toBeCloseTo(0.9, 5);
    // quantile 0.1 of [0.8, 0.85, 0.9, 0.95]
    expect(j.blurScore).toBeCloseTo(0.8 + 0.3 * 0.05, 5);
  });

  it('shows each analysis-scale tile as blurry as the coarse tile over it', () => {
    const j = judgePasses(fine, coarse, always());
    expect(j.tiles.cols).toBe(4);
    expect(Array.from(j.tiles.blur)).toEqual([
      0.9, 0.9, 0.85, 0.85,
      0.9, 0.9, 0.85, 0.85,
      0.8, 0.8, 0.95, 0.95,
      0.8, 0.8, 0.95, 0.95,
    ].map((b) => Math.round(Math.fround(b) * 255)));
    expect(Array.from(j.tiles.used).every((u) => u === 1)).toBe(true);
  });

  it('never lets a sharp coarse pass clear a photo the analysis scale finds blurry', () => {
    const blurryFine = { ...fine, out: { ...fine.out, blur: new Float32Array(16).fill(0.92) } };
    const sharpCoarse = { ...coarse, out: { ...coarse.out, blur: new Float32Array(4).fill(0.01), motion: new Float32Array(4).fill(0.9) } };
    const j = judgePasses(blurryFine, sharpCoarse, always());
    expect(j.verdict).toBe('blurry');
    expect(j.blurScore).toBeCloseTo(0.92, 5);
    expect(j.blurType).toBe('defocus');
  });
});

describe('judgePasses with directional crispness', () => {
  const withDirectional = (combine: 'max' | 'directional-only' = 'max', headWeight = 0) => {
    const c = card();
    c.aggregation.directional = { k: 2, textureMin: 0.05, logitShift: 0, combine };
    c.blurType = { ...c.blurType, headWeight, motionThreshold: 0.5 };
    return c;
  };
  /** n tiles whose crisp probabilities along 0/45/90/135 degrees are `dirs(tile)`. */
  const crispOf = (n: number, dirs: (i: number) => number[]) => Float32Array.from({ length: n * 4 }, (_, j) => dirs(Math.floor(j / 4))[j % 4]);
  const tiles = (n: number, blur: number, crisp: Float32Array) => ({
    out: { blur: new Float32Array(n).fill(blur), motion: new Float32Array(n).fill(0.3), texture: new Float32Array(n).fill(0.2), crisp },
    cols: n, rows: 1,
  });

  it('flags a shake that leaves the edges along it crisp: the blur head sees sharp tiles, nothing is crisp across the shake', () => {
    // Every tile keeps crisp detail at 90 degrees (edges along a horizontal shake) and has none at 0.
    const shaken = tiles(6, 0.1, crispOf(6, () => [0.03, 0.2, 0.95, 0.25]));
    expect(judgePasses(shaken, null, card()).verdict).toBe('sharp');
    const j = judgePasses(shaken, null, withDirectional());
    expect(j.verdict).toBe('blurry');
    expect(j.blurScore).toBeCloseTo(1 - Math.fround(0.03), 5);
    expect(j.blurType).toBe('motion');
    expect(j.motionScore).toBeCloseTo(Math.fround(0.95) - Math.fround(0.03), 5);
    // The focus map shows each tile as blurry as it is along that direction, not the head's 0.1.
    expect(Array.from(j.tiles.blur).every((b) => b === Math.round((1 - Math.fround(0.03)) * 255))).toBe(true);
  });

  it('keeps a sharp subject on a blurred background: two tiles crisp in every direction are enough', () => {
    const crisp = crispOf(8, (i) => (i === 2 || i === 5 ? [0.9, 0.85, 0.95, 0.8] : [0.05, 0.05, 0.05, 0.05]));
    const j = judgePasses(tiles(8, 0.1, crisp), null, withDirectional());
    expect(j.verdict).toBe('sharp');
    // The second best tile along the weakest direction (135 degrees) sets the score.
    expect(j.blurScore).toBeCloseTo(1 - Math.fround(0.8), 5);
  });

  it('does not let one tile that looks crisp (noise, a stray highlight) clear a blurry photo', () => {
    const crisp = crispOf(8, (i) => (i === 3 ? [0.9, 0.9, 0.9, 0.9] : [0.05, 0.1, 0.05, 0.1]));
    expect(judgePasses(tiles(8, 0.1, crisp), null, withDirectional()).verdict).toBe('blurry');
  });

  it('calls blur without crisp detail in any direction defocus', () => {
    const j = judgePasses(tiles(6, 0.2, crispOf(6, () => [0.05, 0.04, 0.06, 0.05])), null, withDirectional());
    expect(j.verdict).toBe('blurry');
    expect(j.blurType).toBe('defocus');
  });

  it('keeps the higher of the head and directional scores, or the directional one alone when the card says so', () => {
    const sharpAlongAll = crispOf(4, () => [0.9, 0.9, 0.9, 0.9]);
    expect(judgePasses(tiles(4, 0.8, sharpAlongAll), null, withDirectional('max')).blurScore).toBeCloseTo(0.8, 5);
    expect(judgePasses(tiles(4, 0.8, sharpAlongAll), null, withDirectional('directional-only')).blurScore).toBeCloseTo(0.1, 5);
  });

  it('moves the directional score onto the threshold scale by its logit shift', () => {
    const c = withDirectional();
    c.aggregation.directional!.logitShift = Math.log(3);
    // 1 - 0.75 crisp = 0.25 lack; logit(0.25) + ln 3 = 0 -> 0.5.
    const j = judgePasses(tiles(4, 0.1, crispOf(4, () => [0.75, 0.9, 0.9, 0.9])), null, c);
    expect(j.blurScore).toBeCloseTo(0.5, 5);
  });

  it('rejects crisp outputs that do not match the tile count', () => {
    const bad = tiles(4, 0.1, new Float32Array(12));
    expect(() => judgePasses(bad, null, withDirectional())).toThrow(/12 crisp values for 4 tiles/);
  });

  it('uses the crisp evidence of textured tiles only, falling back to all tiles', () => {
    const crisp = crispOf(4, (i) => (i < 2 ? [0.9, 0.9, 0.9, 0.9] : [0.1, 0.1, 0.1, 0.1]));
    expect(crispEvidence(crisp, new Float32Array([0.01, 0.01, 0.2, 0.3]), 1, 0.05)).toEqual(Array(4).fill(Math.fround(0.1)));
    expect(crispEvidence(crisp, new Float32Array(4).fill(0.01), 2, 0.05)).toEqual(Array(4).fill(Math.fround(0.9)));
  });

  describe('with directional anisotropy', () => {
    const withAnisotropy = (logitShift = 0) => {
      const c = withDirectional();
      // The weakest direction alone needs under 0.2 crisp to flag; the disagreement has its own scale.
      c.aggregation.directional!.logitShift = -Math.log(4); // a lack of 0.8 -> 0.5
      c.aggregation.directional!.anisotropy = { k: 2, textureMin: 0.05, clip: 0.98, logitShift };
      return c;
    };
    const L = (p: number) => Math.log(p / (1 - p));

    it('is 0 where the directions agree, however faint, and 1 where one is certain and another absent', () => {
      expect(anisotropyScore([0.4, 0.42, 0.4, 0.41], 0.98)).toBeLessThan(0.02);
      expect(anisotropyScore([1, 1, 0.999, 1], 0.98)).toBe(0);
      expect(anisotropyScore([0.001, 0.5, 1, 0.7], 0.98)).toBeCloseTo(1, 10);
      expect(anisotropyScore([0.6, 0.9, 0.95, 0.8], 0.98)).toBeCloseTo((L(0.95) - L(0.6)) / (2 * L(0.98)), 10);
    });

    it('flags a shake that leaves some crisp detail across it, which the weakest direction alone lets through', () => {
      // Crisp across the shake (0 degrees) at 0.6 somewhere: not a lack the weakest-direction rule sees.
      const shaken = tiles(6, 0.1, crispOf(6, (i) => (i < 2 ? [0.6, 0.9, 0.99, 0.85] : [0.2, 0.5, 0.97, 0.4])));
      expect(judgePasses(shaken, null, withDirectional()).verdict).toBe('sharp');
      const c = withAnisotropy(1);
      const j = judgePasses(shaken, null, c);
      // The second best tile per direction.
      const own = [0.6, 0.9, 0.99, 0.85].map(Math.fround);
      expect(j.blurScore).toBeCloseTo(1 / (1 + Math.exp(-(L(anisotropyScore(own, 0.98)) + 1))), 6);
      expect(j.verdict).toBe('blurry');
      // The focus map shows each tile's lack of crisp detail along the evidence's weakest direction (0 degrees).
      const onScale = (crisp: number) => 1 / (1 + Math.exp(-(L(1 - crisp) + c.aggregation.directional!.logitShift)));
      expect(j.tiles.blur[0]).toBe(Math.round(onScale(Math.fround(0.6)) * 255));
      expect(j.tiles.blur[4]).toBe(Math.round(onScale(Math.fround(0.2)) * 255));
    });

    it('keeps a fog photo whose crisp detail is faint along every direction alike', () => {
      const fog = tiles(6, 0.1, crispOf(6, () => [0.45, 0.5, 0.48, 0.46]));
      const j = judgePasses(fog, null, withAnisotropy(1));
      expect(j.verdict).toBe('sharp');
      // The score is the weakest direction's (a lack of 0.55), which the disagreement does not raise.
      expect(j.blurScore).toBeCloseTo(1 / (1 + Math.exp(-(L(1 - Math.fround(0.45)) - Math.log(4)))), 6);
    });

    it('moves the disagreement onto the threshold scale by its own logit shift', () => {
      const shaken = tiles(6, 0.1, crispOf(6, () => [0.6, 0.9, 0.99, 0.85]));
      const own = anisotropyScore([0.6, 0.9, 0.99, 0.85].map(Math.fround), 0.98);
      const j = judgePasses(shaken, null, withAnisotropy(2));
      expect(j.blurScore).toBeCloseTo(1 / (1 + Math.exp(-(L(own) + 2))), 6);
    });

    it('never lowers the score the head or the weakest direction gives', () => {
      const sharpAlongAll = crispOf(4, () => [0.9, 0.9, 0.9, 0.9]);
      expect(judgePasses(tiles(4, 0.8, sharpAlongAll), null, withAnisotropy()).blurScore).toBeCloseTo(0.8, 5);
    });
  });
});

describe('judgePasses with a coarse pass only where no tile is confidently sharp (coarseWhenUnsure)', () => {
  const unsureCard = () => card({ coarseWhenUnsure: { scale: 0.5, minTileBlur: 0.25 } });
  const texture = new Float32Array(16).fill(0.2);
  // A phone shot far out of focus: at the analysis scale the network is unsure everywhere (0.3-0.6), at half scale it is not.
  const unsure = { out: { blur: new Float32Array(16).map((_, i) => 0.3 + 0.02 * i), motion: new Float32Array(16).fill(0.2), texture }, cols: 4, rows: 4 };
  const coarse = { out: { blur: new Float32Array(4).fill(0.95), motion: new Float32Array(4).fill(0.1), texture: new Float32Array(4).fill(0.2) }, cols: 2, rows: 2 };

  it('judges a frame without a confidently sharp tile at the coarse scale too, and flags it there', () => {
    expect(coarseScaleFor(unsure.out, unsureCard())).toBe(0.5);
    expect(judgePasses(unsure, null, unsureCard()).verdict).toBe('sharp');
    const j = judgePasses(unsure, coarse, unsureCard());
    expect(j.verdict).toBe('blurry');
    expect(j.blurScore).toBeCloseTo(0.95, 5);
    expect(j.blurType).toBe('defocus');
  });

  it('keeps a small sharp subject that vanishes at the coarse scale: its confidently sharp tiles close the gate', () => {
    const subject = { ...unsure, out: { ...unsure.out, blur: unsure.out.blur.map((b, i) => ([5, 6, 9].includes(i) ? 0.04 : 0.97)) } };
    expect(coarseScaleFor(subject.out, unsureCard())).toBeUndefined();
    const j = judgePasses(subject, coarse, unsureCard());
    expect(j.verdict).toBe('sharp');
    expect(Array.from(j.tiles.blur)[0]).toBe(Math.round(Math.fround(0.97) * 255));
  });

  it('with anisotropy, flags a shaken frame whose directions disagree at the coarse scale', () => {
    // At half size a shake still leaves the edges along it crisp (0 degrees) and none across it (90 degrees).
    const agree = Float32Array.from({ length: 16 * 4 }, () => 0.5);
    const fineShaken = { ...unsure, out: { ...unsure.out, crisp: agree } };
    const coarseShaken = { ...coarse, out: { ...coarse.out, blur: new Float32Array(4).fill(0.3), crisp: Float32Array.from({ length: 16 }, (_, j) => [0.99, 0.5, 0.01, 0.5][j % 4]) } };
    const directional = { k: 1, textureMin: 0.05, logitShift: -5, combine: 'max' as const, anisotropy: { k: 1, textureMin: 0.05, clip: 0.98, logitShift: 0 } };
    const withRule = card({ directional, coarseWhenUnsure: { scale: 0.5, minTileBlur: 0.25, anisotropy: true } });
    const headOnly = card({ directional, coarseWhenUnsure: { scale: 0.5, minTileBlur: 0.25 } });
    expect(judgePasses(fineShaken, coarseShaken, headOnly).verdict).toBe('sharp');
    const j = judgePasses(fineShaken, coarseShaken, withRule);
    expect(j.verdict).toBe('blurry');
    expect(j.blurScore).toBeGreaterThan(0.99);
    // A frame with a confidently sharp tile never gets the coarse pass, so neither does the rule.
    const subject = { ...fineShaken, out: { ...fineShaken.out, blur: fineShaken.out.blur.map((b, i) => ([5, 6, 9].includes(i) ? 0.04 : b)) } };
    expect(judgePasses(subject, coarseShaken, withRule).verdict).toBe('sharp');
  });

  it('reads the card: the gate is minTileBlur, and a card with neither rule never asks for a coarse pass', () => {
    expect(coarseScaleFor(unsure.out, card({ coarseWhenUnsure: { scale: 0.5, minTileBlur: 0.31 } }))).toBeUndefined();
    expect(coarseScaleFor(unsure.out, card())).toBeUndefined();
    expect(judgePasses(unsure, coarse, card()).verdict).toBe('sharp');
    expect(coarseScaleFor(unsure.out, card({ coarseScale: 0.4 }))).toBe(0.4);
  });
});

describe('coarseScaleFor on a frame soft all over (coarseWhenUnsure.softFrame)', () => {
  const softFrame = { minTileBlur: 0.2, subjectGap: 0.4, medianMin: 0.6 };
  const softCard = (soft?: typeof softFrame) => card({ coarseWhenUnsure: { scale: 0.5, minTileBlur: 0.4, ...(soft ? { softFrame: soft } : {}) } });
  const texture = new Float32Array(16).fill(0.2);
  const frame = (blur: number[]) => ({ blur: Float32Array.from(blur), motion: new Float32Array(16).fill(0.5), texture });
  // A shaken phone shot: its least soft spot (0.24) is only a little sharper than the next (0.34), the rest is soft.
  const phone = frame([0.24, 0.34, 0.44, 0.6, 0.7, 0.75, 0.8, 0.82, 0.85, 0.88, 0.9, 0.9, 0.92, 0.93, 0.95, 0.97]);

  it('runs the coarse pass on a frame whose sharpest tile barely stands out from the next and whose most tiles are soft', () => {
    expect(coarseScaleFor(phone, softCard())).toBeUndefined();
    expect(coarseScaleFor(phone, softCard(softFrame))).toBe(0.5);
    const coarse = { out: { blur: new Float32Array(4).fill(0.95), motion: new Float32Array(4).fill(0.1), texture: new Float32Array(4).fill(0.2) }, cols: 2, rows: 2 };
    expect(judgePasses({ out: phone, cols: 4, rows: 4 }, coarse, softCard(softFrame)).verdict).toBe('blurry');
  });

  it('keeps the low quantile for a lone sharp subject tile, a confidently sharp tile, and a frame that is mostly not soft', () => {
    const subject = frame([0.24, 0.95, 0.96, 0.97, 0.97, 0.98, 0.98, 0.98, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99]);
    expect(coarseScaleFor(subject, softCard(softFrame))).toBeUndefined();
    expect(coarseScaleFor(subject, softCard({ ...softFrame, subjectGap: 0.8 }))).toBe(0.5);
    expect(coarseScaleFor(frame([0.15, ...phone.blur.slice(1)]), softCard(softFrame))).toBeUndefined();
    const lowContrast = frame([0.24, 0.3, 0.32, 0.35, 0.38, 0.4, 0.42, 0.45, 0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.75, 0.8]);
    expect(coarseScaleFor(lowContrast, softCard(softFrame))).toBeUndefined();
    expect(coarseScaleFor(lowContrast, softCard({ ...softFrame, medianMin: 0.45 }))).toBe(0.5);
  });
});

describe('judgePasses with whole-frame shake (shakeContext)', () => {
  const shakeCard = (minTiles = 6) => card({ quantile: 0.02, minTextured: 3, shakeContext: { fraction: 0.6, motionMin: 0.8, quantile: 0.35, minTiles } });
  // 4x4 grid, all textured: two tiles look crisp (a light trail, a doubled edge), the rest blurry.
  const blur = new Float32Array([0.03, 0.05, 0.9, 0.92, 0.95, 0.9, 0.93, 0.91, 0.94, 0.88, 0.9, 0.92, 0.95, 0.9, 0.93, 0.91]);
  const texture = new Float32Array(16).fill(0.2);

  it('does not let a few crisp-looking tiles clear a frame whose blur is camera motion everywhere else', () => {
    const shaken = judgeTiles({ blur, motion: new Float32Array(16).fill(0.95), texture }, 4, 4, shakeCard());
    expect(shaken.verdict).toBe('blurry');
    expect(shaken.blurScore).toBeCloseTo(linearQuantile(Array.from(blur), 0.35), 5);
    // Without the rule the crisp-looking tiles decide.
    expect(judgeTiles({ blur, motion: new Float32Array(16).fill(0.95), texture }, 4, 4, card({ quantile: 0.02, minTextured: 3 })).verdict).toBe('sharp');
  });

  it('keeps a sharp subject on a defocused background: the blurry tiles are not motion', () => {
    const keeper = judgeTiles({ blur, motion: new Float32Array(16).fill(0.1), texture }, 4, 4, shakeCard());
    expect(keeper.verdict).toBe('sharp');
    expect(keeper.blurScore).toBeLessThan(0.1);
  });

  it('keeps a frame where most of the detail is crisp, whatever the motion head says about the rest', () => {
    const mostlySharp = blur.map((b, i) => (i < 9 ? 0.04 : b));
    expect(judgeTiles({ blur: mostlySharp, motion: new Float32Array(16).fill(0.95), texture }, 4, 4, shakeCard()).verdict).toBe('sharp');
  });

  it('does not judge a frame with too little detail as a whole (a low-contrast page, a close-up face)', () => {
    const faint = texture.map((t, i) => (i < 6 ? t : 0.01));
    const out = { blur, motion: new Float32Array(16).fill(0.95), texture: faint };
    expect(judgeTiles(out, 4, 4, shakeCard(7)).verdict).toBe('sharp');
    expect(judgeTiles(out, 4, 4, shakeCard(6)).verdict).toBe('blurry');
  });

  it('leaves a frame alone whose sharpest tiles are confidently sharp (a panned subject)', () => {
    const out = { blur, motion: new Float32Array(16).fill(0.95), texture };
    const panCard = card({ quantile: 0.02, minTextured: 3, shakeContext: { fraction: 0.6, motionMin: 0.8, quantile: 0.35, minTiles: 6, headMin: 0.1 } });
    // The two crisp tiles score 0.03 and 0.05: under headMin, they are a subject.
    expect(judgeTiles(out, 4, 4, panCard).verdict).toBe('sharp');
    const doubtful = { ...out, blur: blur.map((b, i) => (i < 2 ? 0.2 : b)) };
    expect(judgeTiles(doubtful, 4, 4, panCard).verdict).toBe('blurry');
  });

  it('leaves a frame alone with one confidently sharp tile among few, though the interpolated head clears headMin', () => {
    // A subject of one tile among twelve selected (chelsea panned): the head interpolates towards the blurry tiles.
    const oneSubject = new Float32Array([0.04, 0.82, 0.86, 0.9, 0.95, 0.9, 0.93, 0.91, 0.94, 0.88, 0.9, 0.92]);
    const out = { blur: oneSubject, motion: new Float32Array(12).fill(0.9), texture: new Float32Array(12).fill(0.2) };
    const rule = { fraction: 0.5, motionMin: 0.85, quantile: 0.5, minTiles: 6, headMin: 0.2 };
    const head = linearQuantile(Array.from(oneSubject), 0.03);
    expect(head).toBeGreaterThan(0.2);
    const without = judgeTiles(out, 4, 3, card({ quantile: 0.03, minTextured: 3, shakeContext: rule }));
    expect(without.verdict).toBe('blurry');
    const guarded = judgeTiles(out, 4, 3, card({ quantile: 0.03, minTextured: 3, shakeContext: { ...rule, subjectTileBlur: 0.05 } }));
    expect(guarded.blurScore).toBeCloseTo(head, 5);
    expect(guarded.verdict).toBe('sharp');
    // A crisp-looking tile that is not confidently sharp is no subject: the rule still decides.
    const doubtful = { ...out, blur: oneSubject.map((b, i) => (i === 0 ? 0.08 : b)) };
    expect(judgeTiles(doubtful, 4, 3, card({ quantile: 0.03, minTextured: 3, shakeContext: { ...rule, subjectTileBlur: 0.05 } })).verdict).toBe('blurry');
  });

  it('reads the card: a card without the rule changes nothing', () => {
    const out: TileOutputs = { blur, motion: new Float32Array(16).fill(0.95), texture };
    expect(shakeContextScore(out, Array.from(texture.keys()), card(), 0.5)).toBeUndefined();
    expect(shakeContextScore(out, Array.from(texture.keys()), shakeCard(), 0.5)).toBeCloseTo(linearQuantile(Array.from(blur), 0.35), 5);
  });
});
