import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupBursts, parseTakenAt, type BurstCandidate } from '../../src/main/bursts/burst-grouping.ts';
import { BURST_BLUR_MARGIN, planBursts, type PlanFrame } from '../../src/main/bursts/burst-plan.ts';
import { hammingDistance, perceptualHash } from '../../src/main/bursts/perceptual-hash.ts';
import { repoRoot } from '../helpers/run-cli.ts';

// Consecutive frames of OpenCV's vtest.avi (10 fps), a frame a minute later, and a frame of another video.
const fixtures = path.join(repoRoot, 'test/fixtures/bursts');
const BURST = ['vtest-frame-100.jpg', 'vtest-frame-101.jpg', 'vtest-frame-102.jpg', 'vtest-frame-103.jpg'];
const LATER = 'vtest-frame-600.jpg';
const OTHER_SCENE = 'tree-frame-030.jpg';

async function hashOf(file: string, blurSigma = 0): Promise<string> {
  let img = sharp(path.join(fixtures, file)).removeAlpha();
  if (blurSigma > 0) img = img.blur(blurSigma);
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return perceptualHash(data, info.width, info.height);
}

const hashes = new Map<string, string>();
beforeAll(async () => {
  for (const f of [...BURST, LATER, OTHER_SCENE]) hashes.set(f, await hashOf(f));
});

function shot(id: string, file: string, takenAt: string | null, blurScore: number | null, camera = ['Canon', 'Canon EOS R6']): BurstCandidate<string> {
  return { id, takenAt, make: camera[0], model: camera[1], phash: hashes.get(file)!, blurScore };
}

describe('perceptualHash', () => {
  it('gives near-identical hashes to consecutive video frames, even blurred, and distant ones to another scene', async () => {
    for (const f of BURST) {
      expect(hashes.get(f)).toMatch(/^[0-9a-f]{16}$/);
      expect(hammingDistance(hashes.get(BURST[0])!, hashes.get(f)!)).toBeLessThanOrEqual(3);
      expect(hammingDistance(hashes.get(f)!, hashes.get(OTHER_SCENE)!)).toBeGreaterThanOrEqual(24);
    }
    expect(hammingDistance(hashes.get(BURST[1])!, await hashOf(BURST[1], 3))).toBeLessThanOrEqual(4);
  });

  it('validates its input', () => {
    expect(() => perceptualHash(new Uint8Array(4 * 4 * 3), 4, 4)).toThrow(RangeError);
    expect(() => perceptualHash(new Uint8Array(10), 16, 16)).toThrow(RangeError);
    expect(hammingDistance('00ff', 'ff00')).toBe(16);
    expect(() => hammingDistance('00', 'zz')).toThrow(RangeError);
  });
});

describe('groupBursts', () => {
  it('groups a real burst, picks the sharpest, and leaves out another scene and a later frame', () => {
    const photos = [
      shot('a', BURST[0], '2024-05-01T10:00:00.0', 0.41),
      shot('b', BURST[1], '2024-05-01T10:00:00.1', 0.12),
      shot('c', BURST[2], '2024-05-01T10:00:00.2', 0.77),
      shot('x', OTHER_SCENE, '2024-05-01T10:00:00.25', 0.05),
      shot('d', BURST[3], '2024-05-01T10:00:00.3', null),
      shot('later', LATER, '2024-05-01T10:01:00.0', 0.3),
    ];
    expect(groupBursts(photos)).toEqual([{ burstId: 'burst:a', memberIds: ['a', 'b', 'c', 'd'], bestId: 'b' }]);
  });

  it('chains frames by the gap setting, and needs the same camera', () => {
    const photos = [
      shot('a', BURST[0], '2024-05-01T10:00:00', 0.4),
      shot('b', BURST[1], '2024-05-01T10:00:01.5', 0.3),
      shot('c', BURST[2], '2024-05-01T10:00:03', 0.2),
      shot('z', BURST[3], '2024-05-01T10:00:03.5', 0.1, ['NIKON CORPORATION', 'NIKON Z 6']),
    ];
    expect(groupBursts(photos).map((b) => b.memberIds)).toEqual([['a', 'b', 'c']]);
    expect(groupBursts(photos, { maxGapSeconds: 1 })).toEqual([]);
    expect(groupBursts(photos, { minSize: 1 }).map((b) => b.memberIds)).toEqual([['a', 'b', 'c'], ['z']]);
  });

  it('compares instants when offsets are recorded and wall-clock time when they are not', () => {
    expect(parseTakenAt('2024-05-01T10:00:00')).toEqual({ wallMs: Date.UTC(2024, 4, 1, 10), instantMs: null });
    expect(parseTakenAt('2024-05-01T10:00:00.5+02:00')?.instantMs).toBe(Date.UTC(2024, 4, 1, 8, 0, 0, 500));
    expect(parseTakenAt('not a date')).toBeNull();
    const sameInstant = [shot('a', BURST[0], '2024-05-01T10:00:00+02:00', 0.2), shot('b', BURST[1], '2024-05-01T09:00:01+01:00', 0.1)];
    expect(groupBursts(sameInstant).map((b) => b.memberIds)).toEqual([['a', 'b']]);
    const naive = [shot('a', BURST[0], '2024-05-01T10:00:00', 0.2), shot('b', BURST[1], '2024-05-01T10:00:01+01:00', 0.1)];
    expect(groupBursts(naive).map((b) => b.memberIds)).toEqual([['a', 'b']]);
  });

  it('skips photos without a time, a hash or any camera identity', () => {
    const photos = [
      shot('a', BURST[0], null, 0.2),
      { ...shot('b', BURST[1], '2024-05-01T10:00:00', 0.1), phash: null },
      shot('c', BURST[2], '2024-05-01T10:00:00', 0.1, ['', '']),
      shot('d', BURST[3], '2024-05-01T10:00:00', 0.1, ['', '']),
    ];
    expect(groupBursts(photos)).toEqual([]);
  });
});

describe('planBursts', () => {
  const frame = (id: string, blurScore: number | null, more: Partial<PlanFrame<string>> = {}): PlanFrame<string> => ({
    id, blurScore, decision: null, pixels: 6000 * 4000, size: 8_000_000, takenAt: `2024-05-01T10:00:0${id.length}`, fileName: `/p/${id}.jpg`, ...more,
  });
  const plan = (frames: PlanFrame<string>[], mode: 'sharpest' | 'onePerBurst' = 'sharpest') =>
    planBursts([{ burstId: 'burst:a', memberIds: frames.map((f) => f.id), bestId: null }], new Map(frames.map((f) => [f.id, f])), { threshold: 0.46, mode });

  it('marks only flagged frames and frames clearly blurrier than the keeper; sharp near-duplicates stay undecided', () => {
    const [p] = plan([frame('a', 0.05), frame('b', 0.01), frame('c', 0.3), frame('d', 0.5), frame('e', null)]);
    expect(p.keepId).toBe('b');
    expect(p.markIds).toEqual(['d']);
    expect(p.leaveIds).toEqual(['a', 'c', 'e']);
    // Just past the margin, below the threshold: marked (the keeper itself is not sharp).
    const [q] = plan([frame('a', 0.05), frame('b', 0.05 + BURST_BLUR_MARGIN + 0.01)], 'sharpest');
    expect(q.markIds).toEqual(['b']);
  });

  it('marks every other scored frame only when asked for one per burst', () => {
    const [p] = plan([frame('a', 0.05), frame('b', 0.01), frame('c', 0.3), frame('e', null)], 'onePerBurst');
    expect(p.markIds).toEqual(['a', 'c']);
  });

  it('gives a tie to the original over a derivative: larger, then unedited, then earlier', () => {
    expect(plan([frame('copy', 0.0, { pixels: 1000 * 700 }), frame('orig', 0.0)])[0].keepId).toBe('orig');
    expect(plan([frame('x', 0.001, { fileName: '/p/IMG_1-edit.jpg' }), frame('y', 0.0, { fileName: '/p/IMG_1.jpg' })])[0].keepId).toBe('y');
    expect(plan([frame('later', 0.0, { takenAt: '2024-05-01T10:00:05' }), frame('first', 0.01, { takenAt: '2024-05-01T10:00:01' })])[0].keepId).toBe('first');
    // Not a tie: the clearly sharper frame wins even when smaller.
    expect(plan([frame('big', 0.2), frame('small', 0.0, { pixels: 100 })])[0].keepId).toBe('small');
  });

  it('never changes a frame the user decided, and keeps the user\'s own pick', () => {
    const [p] = plan([frame('a', 0.01), frame('b', 0.9, { decision: 'keep' }), frame('c', 0.95), frame('d', 0.99, { decision: 'trash' })], 'onePerBurst');
    expect(p.keepId).toBe('b');
    expect(p.markIds).toEqual(['a', 'c']);
    expect(p.leaveIds).toEqual(['d']);
    expect(plan([frame('a', null), frame('b', null)])).toEqual([]);
  });
});
