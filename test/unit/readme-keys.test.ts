import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shortcutGroups } from '../../src/renderer/screens/review/review-shortcuts.ts';

const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The keys in the README's key table (its key columns), as tokens. */
function readmeKeys(): Set<string> {
  const start = readme.indexOf('| key | action | key | action |');
  expect(start).toBeGreaterThan(0);
  const rows = readme.slice(start).split('\n\n')[0].split('\n').slice(2);
  const tokens = new Set<string>();
  for (const row of rows) {
    const cells = row.split('|').map((c) => c.trim());
    for (const cell of [cells[1], cells[3]]) for (const t of cell.split(/,\s*|\s+or\s+|\s+/)) if (t) tokens.add(t);
  }
  return tokens;
}

describe('README', () => {
  it('documents every review key the shortcut sheet lists', () => {
    const documented = readmeKeys();
    const missing = shortcutGroups.flatMap((g) => g.shortcuts.flatMap((s) => s.keys)).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });
});
