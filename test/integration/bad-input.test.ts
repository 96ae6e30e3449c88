import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSession } from '../../src/main/scan/scan-session.ts';
import { fixtureDir, sha256File, tempDir, writeDecompressionBomb, writeSharpSet } from '../helpers/photo-factory.ts';
import { decodePhoto, type DecodeError } from '../../src/main/scoring/photo-decoder.ts';
import { byName, jsonLines, runCli } from '../helpers/run-cli.ts';
import { openSession, scan, type HarnessRun } from '../helpers/scan-harness.ts';

function checksums(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      out.set(path.relative(root, full), sha256File(full));
    }
  }
  return out;
}

describe('bad input never stops a scan and is never modified', () => {
  let root: string;
  let session: ScanSession;
  let run: HarnessRun;
  let before: Map<string, string>;
  let replacement: string;

  beforeAll(async () => {
    root = tempDir();
    await writeSharpSet(root, ['chelsea.png', 'coffee.png']);
    fs.writeFileSync(path.join(root, 'zero-bytes.jpg'), '');
    const jpeg = fs.readFileSync(path.join(root, 'coffee.jpg'));
    fs.writeFileSync(path.join(root, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    fs.writeFileSync(path.join(root, 'notes.jpg'), 'This is a text file that someone named .jpg\n');
    writeDecompressionBomb(path.join(root, 'bomb.png'));
    await writeSharpSet(path.join(root, 'will-vanish'), ['astronaut.png']);
    fs.copyFileSync(path.join(root, 'chelsea.jpg'), path.join(root, 'deleted-mid-scan.jpg'));
    fs.copyFileSync(path.join(root, 'chelsea.jpg'), path.join(root, 'replaced-mid-scan.jpg'));
    before = checksums(root);

    session = openSession();
    run = await scan(session, root, (job) => {
      // Between the walk and the scoring: what a user deleting files during a long scan looks like.
      job.on('planned', () => {
        fs.rmSync(path.join(root, 'deleted-mid-scan.jpg'));
        fs.rmSync(path.join(root, 'will-vanish'), { recursive: true });
        fs.copyFileSync(path.join(fixtureDir, 'rocket.jpg'), path.join(root, 'replaced-mid-scan.jpg'));
        replacement = sha256File(path.join(root, 'replaced-mid-scan.jpg'));
      });
    });
  });

  afterAll(async () => {
    await session.close();
  });

  const expectError = (name: string, message: RegExp) => {
    const line = run.lines.get(name);
    expect(line, name).toBeDefined();
    expect(line!.status).toBe('error');
    expect(line!.blurScore).toBeNull();
    expect(line!.verdict).toBeNull();
    expect(line!.error).toMatch(message);
  };

  it('scores the good photos around the bad ones', () => {
    expect(run.lines.get('chelsea.jpg')!.status).toBe('scored');
    expect(run.lines.get('coffee.jpg')!.status).toBe('scored');
    expect(run.summary.scored).toBe(2);
    expect(run.summary.errors).toBe(7);
  });

  it('gives each bad file a clear error', () => {
    expectError('zero-bytes.jpg', /empty file \(0 bytes\)/);
    expectError('truncated.jpg', /truncated or corrupt/);
    expectError('notes.jpg', /not an image/);
    expectError('bomb.png', /30000x30000 \(900 MP\), over the 200 MP safety limit/);
    expectError('deleted-mid-scan.jpg', /vanished during the scan/);
    expectError('will-vanish/astronaut.jpg', /vanished during the scan/);
    expectError('replaced-mid-scan.jpg', /changed while the scan was running/);
  });

  it('records the errors in the library', () => {
    const rows = session.db.prepare(
      "SELECT p.path, p.status, e.code FROM photos p JOIN photo_errors e ON e.photo_id = p.id WHERE p.status = 'error' ORDER BY p.path",
    ).all() as { path: string; status: string; code: string }[];
    expect(rows.map((r) => [path.relative(root, r.path), r.code])).toEqual([
      ['bomb.png', 'TOO_MANY_PIXELS'],
      ['deleted-mid-scan.jpg', 'VANISHED'],
      ['notes.jpg', 'NOT_AN_IMAGE'],
      ['replaced-mid-scan.jpg', 'CHANGED_DURING_SCAN'],
      ['truncated.jpg', 'TRUNCATED'],
      ['will-vanish/astronaut.jpg', 'VANISHED'],
      ['zero-bytes.jpg', 'EMPTY_FILE'],
    ]);
  });

  it('leaves every input byte-identical', () => {
    const after = checksums(root);
    for (const [file, sum] of before) {
      if (file === 'deleted-mid-scan.jpg' || file.startsWith('will-vanish')) expect(after.has(file)).toBe(false);
      else if (file === 'replaced-mid-scan.jpg') expect(after.get(file)).toBe(replacement);
      else expect(after.get(file), file).toBe(sum);
    }
    expect(after.size).toBe(before.size - 2);
  });

  it('scores the replaced file on the next scan', async () => {
    const next = await scan(session, root);
    expect(next.lines.get('replaced-mid-scan.jpg')!.status).toBe('scored');
    expect(next.lines.get('chelsea.jpg')!.status).toBe('unchanged');
  });
});

describe('an unreadable file', () => {
  it('is reported as an error and the scan goes on', async () => {
    const root = tempDir();
    const dbDir = tempDir();
    await writeSharpSet(root, ['chelsea.png', 'coffee.png']);
    const locked = path.join(root, 'locked.jpg');
    fs.copyFileSync(path.join(root, 'coffee.jpg'), locked);
    const sum = sha256File(locked);
    fs.chmodSync(locked, 0o000);
    // root reads anything, so as root the scan runs as an unprivileged user to see the permission error.
    const asNobody = process.getuid?.() === 0;
    if (asNobody) {
      fs.chmodSync(root, 0o755);
      fs.chmodSync(dbDir, 0o777);
    }
    const r = await runCli(['scan', root, '--db', path.join(dbDir, 'lib.db'), '--json', '--quiet'], asNobody ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: dbDir } } : {});
    expect(r.code, r.stderr).toBe(0);
    const lines = byName(jsonLines(r.stdout));
    expect(lines.get('locked.jpg')).toMatchObject({ status: 'error', error: 'permission denied: the file cannot be read' });
    expect(lines.get('chelsea.jpg')!.status).toBe('scored');
    expect(lines.get('coffee.jpg')!.status).toBe('scored');
    fs.chmodSync(locked, 0o644);
    expect(sha256File(locked)).toBe(sum);
  });
});

describe('a JPEG cut short', () => {
  it('is called truncated every time, even with several decodes in flight', async () => {
    const [coffee] = await writeSharpSet(tempDir(), ['coffee.png']);
    const jpeg = fs.readFileSync(coffee);
    const cut = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    // libvips sometimes reports a concurrent failure as "Unknown error"; 4 x 30 decodes saw it about a third of the time.
    const errors = await Promise.all(Array.from({ length: 4 }, async () => {
      const seen: DecodeError[] = [];
      for (let i = 0; i < 30; i++) {
        await decodePhoto(cut, 2048, 128).then(() => expect.unreachable('a truncated JPEG decoded'), (err: DecodeError) => seen.push(err));
      }
      return seen;
    }));
    for (const err of errors.flat()) {
      expect(err.code).toBe('TRUNCATED');
      expect(err.message).toMatch(/^image data is truncated or corrupt \(/);
    }
    // A whole JPEG with a garbled header is not called truncated.
    const garbled = Buffer.from(jpeg);
    garbled.fill(0x55, 200, 600);
    const other = await decodePhoto(garbled, 2048, 128).then(() => null, (err: DecodeError) => err);
    expect(other?.code).toBe('DECODE_FAILED');
  });
});
