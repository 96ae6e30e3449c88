import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-cli.ts';

function sources(dir: string): string[] {
  const root = path.join(repoRoot, dir);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => path.join(root, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const nodeBuiltin = /^(node:|fs$|path$|os$|child_process$|crypto$|url$|events$|worker_threads$)/;

describe('process boundaries', () => {
  it('src/shared imports nothing from Node, Electron or the DOM world (zod is plain TypeScript)', () => {
    for (const file of sources('src/shared')) {
      for (const spec of importsOf(file)) {
        const ok = spec === 'zod' || (spec.startsWith('.') && !spec.includes('/main/') && !spec.includes('/renderer/') && !spec.includes('/preload/'));
        expect(ok, `${file}: ${spec}`).toBe(true);
      }
    }
  });

  it('src/renderer imports only src/shared and browser packages', () => {
    for (const file of sources('src/renderer')) {
      for (const spec of importsOf(file)) {
        expect(nodeBuiltin.test(spec) || spec === 'electron' || spec.includes('/main/') || spec.includes('/preload/'), `${file}: ${spec}`).toBe(false);
      }
    }
  });

  it('only the thin Electron files in src/main import electron', () => {
    const electronFiles = sources('src/main').filter((f) => importsOf(f).includes('electron')).map((f) => path.relative(repoRoot, f));
    for (const f of electronFiles) expect(f, f).toMatch(/^src\/main\/electron\//);
    expect(electronFiles.length).toBeLessThanOrEqual(8);
  });
});
