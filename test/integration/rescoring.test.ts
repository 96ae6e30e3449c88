import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultModelDir, defaultModelName } from '../../src/main/scoring/model-card.ts';
import { tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { openSession, scan } from '../helpers/scan-harness.ts';

/** A copy of the shipped model under a new version number, as a model update would install it. */
function bumpedModel(): string {
  const dir = tempDir();
  const card = JSON.parse(fs.readFileSync(path.join(defaultModelDir, `${defaultModelName}.json`), 'utf8'));
  fs.copyFileSync(path.join(defaultModelDir, card.file), path.join(dir, card.file));
  card.version = '99.0.0';
  const cardPath = path.join(dir, `${defaultModelName}.json`);
  fs.writeFileSync(cardPath, JSON.stringify(card));
  return cardPath;
}

describe('rescoring', () => {
  it('rescores unchanged files when the model version or the analysis level changes, and only then', async () => {
    const root = tempDir();
    await writeSharpSet(root, ['chelsea.png', 'coffee.png', 'rocket.jpg']);
    const databasePath = path.join(tempDir(), 'library.db');
    const statuses = async (opts: Parameters<typeof openSession>[0]) => {
      const session = openSession({ databasePath, ...opts });
      try {
        const run = await scan(session, root);
        return [...run.lines.values()].map((l) => l.status);
      } finally {
        await session.close();
      }
    };
    expect(await statuses({})).toEqual(['scored', 'scored', 'scored']);
    expect(await statuses({})).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const newModel = bumpedModel();
    expect(await statuses({ modelCardPath: newModel })).toEqual(['scored', 'scored', 'scored']);
    expect(await statuses({ modelCardPath: newModel })).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await statuses({ modelCardPath: newModel, level: 'strict' })).toEqual(['scored', 'scored', 'scored']);
  });

  it('brings a missing photo back without rescoring when it reappears unchanged', async () => {
    const root = tempDir();
    const [photo] = await writeSharpSet(root, ['coffee.png']);
    const session = openSession();
    try {
      await scan(session, root);
      const aside = `${photo}.aside`;
      fs.renameSync(photo, aside);
      expect((await scan(session, root)).summary.missing).toBe(1);
      fs.renameSync(aside, photo);
      const back = await scan(session, root);
      expect(back.lines.get('coffee.jpg')!.status).toBe('unchanged');
      expect(session.db.prepare('SELECT status FROM photos').get()).toEqual({ status: 'scored' });
    } finally {
      await session.close();
    }
  });
});
