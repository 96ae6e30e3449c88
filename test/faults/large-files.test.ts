import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlurModel } from '../../src/main/scoring/blur-model.ts';
import { loadModelCard } from '../../src/main/scoring/model-card.ts';
import { PhotoScorer } from '../../src/main/scoring/photo-scorer.ts';
import { fixtureDir, sha256File, tempDir } from '../helpers/photo-factory.ts';

// Above the streaming size a file is hashed as a stream and decoded from disk, so a 600 MB PNG never sits
// in memory whole (npm run bench:large-file measures it). Here the size is set to 1 byte, so ordinary
// fixtures take that path, and it must judge them exactly as the in-memory path does.
describe('fault: files too large to hold in memory', () => {
  let model: BlurModel;
  const dir = tempDir();
  const request = (file: string) => {
    const st = fs.statSync(file);
    return { jobId: 1, path: file, expectedSize: st.size, expectedMtimeMs: Math.trunc(st.mtimeMs) };
  };

  beforeAll(async () => {
    model = await BlurModel.load(loadModelCard(), 'cpu');
    await sharp(path.join(fixtureDir, 'chelsea.png')).withExif({ IFD0: { Make: 'Crisp', Model: 'Streamer' } }).jpeg({ quality: 92 }).toFile(path.join(dir, 'cat.jpg'));
    await sharp(path.join(fixtureDir, 'coffee.png')).png().toFile(path.join(dir, 'coffee.png'));
  });

  afterAll(async () => {
    await model.release();
  });

  it.each(['cat.jpg', 'coffee.png'])('%s streamed from disk is judged exactly as when read whole', async (name) => {
    const file = path.join(dir, name);
    const whole = await new PhotoScorer(model, { level: 'standard', threshold: 0.5, thumbDir: path.join(dir, 'a') }).score(request(file));
    const streamed = await new PhotoScorer(model, { level: 'standard', threshold: 0.5, thumbDir: path.join(dir, 'b'), streamAboveBytes: 1 }).score(request(file));
    if (!whole.ok || !streamed.ok) throw new Error(JSON.stringify({ whole, streamed }));
    expect(streamed.photo.fingerprint).toBe(sha256File(file));
    expect(streamed.photo.fingerprint).toBe(whole.photo.fingerprint);
    expect(streamed.photo.judgement.blurScore).toBe(whole.photo.judgement.blurScore);
    expect([streamed.photo.width, streamed.photo.height]).toEqual([whole.photo.width, whole.photo.height]);
    expect(streamed.photo.exif).toEqual(whole.photo.exif);
  });

  it('keeps the EXIF of a streamed photo', async () => {
    const r = await new PhotoScorer(model, { level: 'standard', threshold: 0.5, thumbDir: path.join(dir, 'c'), streamAboveBytes: 1 }).score(request(path.join(dir, 'cat.jpg')));
    expect(r.ok && r.photo.exif.make).toBe('Crisp');
  });

  it('says a streamed file that changed size since the walk changed during the scan', async () => {
    const file = path.join(dir, 'coffee.png');
    const r = await new PhotoScorer(model, { level: 'standard', threshold: 0.5, thumbDir: path.join(dir, 'd'), streamAboveBytes: 1 })
      .score({ ...request(file), expectedSize: fs.statSync(file).size + 1 });
    expect(r).toMatchObject({ ok: false, error: { code: 'CHANGED_DURING_SCAN' } });
  });
});
