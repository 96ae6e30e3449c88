import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/photo-factory.ts';
import type { ScanSession } from '../../src/main/scan/scan-session.ts';
import { nodeScorerSpawner } from '../../src/main/scoring/node-scorer-process.ts';
import { openSession, scan } from '../helpers/scan-harness.ts';

const rawFixtures = path.resolve(import.meta.dirname, '../fixtures/raw');

/** Direct children of a process, from /proc. */
function childrenOf(pid: number): { pid: number; name: string }[] {
  const out: { pid: number; name: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = (() => {
      try {
        return fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        return '';
      }
    })();
    const m = /^\d+ \((.*)\) \S (\d+)/.exec(stat);
    if (m && Number(m[2]) === pid) out.push({ pid: Number(entry), name: m[1] });
  }
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function killWhileExiftoolRuns(session: ScanSession): Promise<number[]> {
  const root = tempDir();
  for (const name of fs.readdirSync(rawFixtures).filter((n) => !n.endsWith('.md'))) fs.copyFileSync(path.join(rawFixtures, name), path.join(root, name));
  const orphans: number[] = [];
  try {
    await scan(session, root, (job) => {
      job.on('photo', () => {
        const pid = session.scorer.pid;
        if (orphans.length > 0 || !pid) return;
        const perl = childrenOf(pid).filter((c) => c.name === 'perl');
        if (perl.length === 0) return;
        orphans.push(...perl.map((c) => c.pid));
        process.kill(pid, 'SIGKILL');
      });
    });
    expect(orphans.length).toBeGreaterThan(0);
    const end = Date.now() + 5000;
    while (orphans.some(alive) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    return orphans.filter(alive);
  } finally {
    await session.close();
    for (const pid of orphans.filter(alive)) process.kill(pid, 'SIGKILL');
  }
}

describe.skipIf(process.platform !== 'linux')('fault: the scorer is killed while exiftool runs for it', () => {
  it('ends the exiftool (perl) processes of a killed scorer instead of orphaning them', async () => {
    expect(await killWhileExiftoolRuns(openSession())).toEqual([]);
  });

  it('ends them too when the scorer leads no process group (as Electron\'s utility process): the host kills the pids it reported', async () => {
    expect(await killWhileExiftoolRuns(openSession({ spawner: nodeScorerSpawner(process.env, { ownProcessGroup: false }) }))).toEqual([]);
  });
});
