import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';

/** Writes beside the target and renames over it, so a crash never leaves a half-written sidecar. */
export async function writeFileAtomic(target: string, text: string): Promise<void> {
  const tmp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
