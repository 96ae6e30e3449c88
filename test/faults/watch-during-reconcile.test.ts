import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibraryWatcher } from '../../src/main/watch/library-watcher.ts';
import { fixtureDir, tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { openSession, scan } from '../helpers/scan-harness.ts';

describe('fault: the folder changes while the watcher reconciles it', () => {
  it('sees a photo added and one deleted during the first reconcile', async () => {
    const root = tempDir();
    await writeSharpSet(root, ['chelsea.png', 'coffee.png']);
    const session = openSession();
    const watcher = new LibraryWatcher({ root, session, removalGraceMs: 300 });
    try {
      await scan(session, root);
      await writeSharpSet(root, ['astronaut.png', 'camera.png']); // work for the reconcile, so it takes a while
      let changed = false;
      watcher.on('progress', (p) => {
        if (p.stage !== 'scoring' || changed) return;
        changed = true;
        // The walk is over: only the watcher can see these now.
        fs.copyFileSync(path.join(fixtureDir, 'rocket.jpg'), path.join(root, 'added-meanwhile.jpg'));
        fs.rmSync(path.join(root, 'chelsea.jpg'));
      });
      await watcher.start();
      expect(changed).toBe(true);
      const status = (name: string) => (session.db.prepare('SELECT status FROM photos WHERE path = ?').get(path.join(root, name)) as { status: string } | undefined)?.status;
      const end = Date.now() + 30_000;
      while ((status('added-meanwhile.jpg') !== 'scored' || status('chelsea.jpg') !== 'missing') && Date.now() < end) {
        await watcher.whenIdle();
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(status('added-meanwhile.jpg')).toBe('scored');
      expect(status('chelsea.jpg')).toBe('missing');
      expect(status('coffee.jpg')).toBe('scored');
    } finally {
      await watcher.stop();
      await session.close();
    }
  });
});
