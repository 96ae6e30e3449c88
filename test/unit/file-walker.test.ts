import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkPhotos, type WalkProblem } from '../../src/main/library/file-walker.ts';
import { tempDir } from '../helpers/photo-factory.ts';

async function walk(root: string): Promise<{ files: string[]; problems: WalkProblem[] }> {
  const problems: WalkProblem[] = [];
  const files: string[] = [];
  for await (const f of walkPhotos(root, (p) => problems.push(p))) files.push(path.relative(root, f.path));
  return { files, problems };
}

function touch(file: string, content = 'x'): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('walkPhotos', () => {
  it('finds photos by extension, recursively, and skips hidden and system folders', async () => {
    const root = tempDir();
    for (const f of ['a.JPG', 'b.png', 'c.tif', 'd.webp', 'e.avif', 'f.HEIC', 'g.CR2', 'sub/deeper/h.jpeg', 'notes.txt', '.hidden.jpg',
      '.thumbnails/i.jpg', '@eaDir/j.jpg', '$RECYCLE.BIN/k.jpg', 'System Volume Information/l.jpg', 'sub/.git/m.jpg']) {
      touch(path.join(root, f));
    }
    const { files, problems } = await walk(root);
    expect(files.sort()).toEqual(['a.JPG', 'b.png', 'c.tif', 'd.webp', 'e.avif', 'f.HEIC', 'g.CR2', 'sub/deeper/h.jpeg'].sort());
    expect(problems).toEqual([]);
  });

  it('follows a symlinked folder once and never loops on a symlink cycle', async () => {
    const root = tempDir();
    touch(path.join(root, 'shoot/one.jpg'));
    fs.symlinkSync(path.join(root, 'shoot'), path.join(root, 'shoot/again'));
    fs.symlinkSync(root, path.join(root, 'shoot/up'));
    const outside = tempDir();
    touch(path.join(outside, 'linked.jpg'));
    fs.symlinkSync(outside, path.join(root, 'external'));
    fs.symlinkSync(path.join(root, 'nowhere.jpg'), path.join(root, 'broken.jpg'));
    const { files, problems } = await walk(root);
    expect(files.sort()).toEqual(['external/linked.jpg', 'shoot/one.jpg']);
    expect(problems.map((p) => [path.basename(p.path), p.message])).toEqual([['broken.jpg', 'broken symbolic link']]);
  });

  it('reports a root that does not exist instead of throwing', async () => {
    const { files, problems } = await walk(path.join(tempDir(), 'gone'));
    expect(files).toEqual([]);
    expect(problems[0].message).toBe('folder vanished during the scan');
  });
});
