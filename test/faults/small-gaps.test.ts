import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { backupPathFor } from '../../src/main/db/database-backup.ts';
import { thumbDirFor } from '../../src/main/app-paths.ts';
import { fixtureDir, tempDir } from '../helpers/photo-factory.ts';
import { runCli } from '../helpers/run-cli.ts';
import { openSession, scan } from '../helpers/scan-harness.ts';
import { libraryWithBackup } from './fault-library.ts';

const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

describe('fault: the smaller gaps', () => {
  it('an icon-sized image is too small to judge, and a name that is not UTF-8 is named as such, not "vanished"', async () => {
    const root = tempDir();
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } }).png().toFile(path.join(root, 'dot.png'));
    await sharp(path.join(fixtureDir, 'coffee.png')).resize(100, 60).jpeg().toFile(path.join(root, 'icon.jpg'));
    fs.copyFileSync(path.join(fixtureDir, 'rocket.jpg'), Buffer.concat([Buffer.from(root + '/bad'), Buffer.from([0xff, 0xfe]), Buffer.from('.jpg')]));
    const session = openSession();
    try {
      const problems: { code: string; message: string }[] = [];
      const run = await scan(session, root, (job) => job.on('problem', (p) => problems.push(p)));
      expect(run.lines.get('dot.png')).toMatchObject({ status: 'error', error: 'too small to judge: 1x1 px (at least 128 px on each side is needed)' });
      expect(run.lines.get('icon.jpg')).toMatchObject({ status: 'error', error: expect.stringMatching(/^too small to judge: 100x60 px/) });
      expect(problems).toEqual([expect.objectContaining({ code: 'BAD_FILE_NAME', message: expect.stringMatching(/name is not valid UTF-8.*rename it/) })]);
    } finally {
      await session.close();
    }
  });

  it('the idle scorer exits to give its memory back, and the next photo starts it again', async () => {
    const root = tempDir();
    fs.copyFileSync(path.join(fixtureDir, 'rocket.jpg'), path.join(root, 'a.jpg'));
    const session = openSession({ scorerIdleMs: 300 });
    try {
      await scan(session, root);
      const pid = session.scorer.pid!;
      const end = Date.now() + 10_000;
      while (!gone(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(gone(pid)).toBe(true);
      fs.copyFileSync(path.join(fixtureDir, 'chelsea.png'), path.join(root, 'b.png'));
      const again = await scan(session, root);
      expect(again.lines.get('b.png')?.status).toBe('scored');
      expect(session.scorer.restarts).toBe(0); // ended on purpose, not crashed
    } finally {
      await session.close();
    }
  });

  it('half-written thumbnails of killed scorers are removed when the library opens', async () => {
    const db = path.join(tempDir(), 'library.db');
    const sub = path.join(thumbDirFor(db), 'ab');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'abc.webp.999999999.tmp'), 'half');
    fs.writeFileSync(path.join(sub, `abd.webp.${process.pid}.tmp`), 'being written now');
    const session = openSession({ databasePath: db });
    await session.close();
    expect(fs.readdirSync(sub)).toEqual([`abd.webp.${process.pid}.tmp`]);
  });

  it('crisp check leaves no -wal or -shm beside the library or its backup', async () => {
    const dir = tempDir();
    const file = await libraryWithBackup(5, dir);
    const before = fs.readdirSync(dir).sort();
    const r = await runCli(['check', '--db', file]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect(before).toEqual(['library.db', path.basename(backupPathFor(file))]);
  });
});
