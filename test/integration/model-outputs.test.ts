import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlurModel } from '../../src/main/scoring/blur-model.ts';
import { loadModelCard, ModelMismatchError } from '../../src/main/scoring/model-card.ts';
import { fixtureDir, tempDir } from '../helpers/photo-factory.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tinyOnnx } from '../helpers/tiny-onnx.ts';

/** A copy of the shipped card, without its second opinion, beside a network with only the given outputs; `edit` changes the card. */
function pairWith(outputs: string[], edit: (card: Record<string, any>) => void = () => {}): string {
  const shipped = loadModelCard();
  const dir = tempDir();
  const card = JSON.parse(fs.readFileSync(shipped.cardPath, 'utf8'));
  card.file = 'partial.onnx';
  delete card.secondOpinion;
  edit(card);
  fs.writeFileSync(path.join(dir, card.file), tinyOnnx(card.input.name, outputs));
  const cardPath = path.join(dir, 'partial.json');
  fs.writeFileSync(cardPath, JSON.stringify(card));
  return cardPath;
}

describe('a model card paired with a network that lacks an output it reads', () => {
  const headOnly = ['blur', 'motion', 'texture', 'isotropy'];

  it('is refused at load time, naming the missing output, instead of silently scoring without it', async () => {
    const load = BlurModel.load(loadModelCard(pairWith(headOnly)), 'cpu');
    await expect(load).rejects.toBeInstanceOf(ModelMismatchError);
    await expect(load).rejects.toThrow(/lacks the output\(s\) crisp that its card .*partial\.json uses/);
  });

  it('names every missing output', async () => {
    await expect(BlurModel.load(loadModelCard(pairWith(['blur', 'motion', 'texture'])), 'cpu'))
      .rejects.toThrow(/lacks the output\(s\) isotropy, crisp /);
  });

  it("is refused when the network lacks the second opinion's outputs", async () => {
    const second = loadModelCard().card.secondOpinion;
    expect(second, 'the shipped card has a second opinion').toBeDefined();
    const cardPath = pairWith([...headOnly, 'crisp'], (card) => (card.secondOpinion = second));
    await expect(BlurModel.load(loadModelCard(cardPath), 'cpu')).rejects.toThrow(/lacks the output\(s\) blur_b, motion_b, crisp_b /);
  });

  it('loads when the card does not read the missing output', async () => {
    const cardPath = pairWith(headOnly, (card) => delete card.aggregation.directional);
    const model = await BlurModel.load(loadModelCard(cardPath), 'cpu');
    expect(model.card.aggregation.directional).toBeUndefined();
    await model.release();
  });

  it('stops crisp scan with a clear message and exit code 1', async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(fixtureDir, 'chelsea.png'), path.join(dir, 'chelsea.png'));
    const r = await runCli(['scan', dir, '--db', path.join(dir, 'crisp.db'), '--json', '--model', pairWith(headOnly)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/crisp: .*lacks the output\(s\) crisp that its card/);
  });
});
