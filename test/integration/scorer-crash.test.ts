import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeSharpSet } from '../helpers/photo-factory.ts';
import { openSession, scan } from '../helpers/scan-harness.ts';

describe('scorer process crashes', () => {
  it('restarts the scorer, records the photo that crashed it, and scores the rest', async () => {
    const root = tempDir();
    await writeSharpSet(root);
    fs.copyFileSync(path.join(root, 'coffee.jpg'), path.join(root, 'crashme.jpg'));
    const session = openSession({ env: { ...process.env, CRISP_TEST_CRASH_ON_PATH: 'crashme' } });
    try {
      const run = await scan(session, root);
      expect(run.lines.get('crashme.jpg')).toMatchObject({ status: 'error', error: expect.stringMatching(/scorer process crashed on this photo/) });
      for (const name of ['astronaut.jpg', 'camera.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg']) {
        expect(run.lines.get(name)!.status, name).toBe('scored');
      }
      // Once alongside the other photos in flight, once alone to convict it.
      expect(session.scorer.restarts).toBe(2);
      const row = session.db.prepare("SELECT code FROM photo_errors WHERE path LIKE '%crashme.jpg'").get();
      expect(row).toEqual({ code: 'SCORER_CRASHED' });
    } finally {
      await session.close();
    }
  });

  it('survives the scorer being killed mid-scan and finishes every photo', async () => {
    const root = tempDir();
    await writeSharpSet(path.join(root, 'a'));
    await writeSharpSet(path.join(root, 'b'));
    const session = openSession();
    try {
      let killedPid: number | undefined;
      const run = await scan(session, root, (job) => {
        job.on('photo', () => {
          if (killedPid === undefined && session.scorer.pid) {
            killedPid = session.scorer.pid;
            process.kill(killedPid, 'SIGKILL');
          }
        });
      });
      expect(killedPid).toBeDefined();
      expect(session.scorer.restarts).toBe(1);
      expect(session.scorer.pid).not.toBe(killedPid);
      expect(run.summary.scored).toBe(10);
      expect(run.summary.errors).toBe(0);
    } finally {
      await session.close();
    }
  });
});
