import crypto from 'node:crypto';
import fs from 'node:fs';

/** SHA-256 of the file's bytes, streamed; the same fingerprint the scorer records. */
export async function fingerprintFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
