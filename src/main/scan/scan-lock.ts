import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class LibraryInUseError extends Error {
  readonly code = 'LIBRARY_IN_USE';
}

interface LockOwner {
  pid: number;
  root: string;
  since: number;
  bootedAt: number;
}

const held = new Map<string, number>();

function bootedAt(): number {
  return Math.round((Date.now() - os.uptime() * 1000) / 1000) * 1000;
}

function alive(owner: LockOwner): boolean {
  // A lock from before a reboot is stale even if its pid was handed to another process since.
  return Math.abs(owner.bootedAt - bootedAt()) <= 60_000 && processExists(owner.pid);
}

/** A claim whose file cannot be parsed yet is being written by its process, unless it is this old. */
const WRITE_GRACE_MS = 10_000;

type Claim = LockOwner | 'being-written' | 'unreadable' | 'gone';

function readClaim(file: string): Claim {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    if (typeof owner.pid === 'number' && typeof owner.since === 'number') return owner;
  } catch {
    // Empty or cut short: see below.
  }
  // Where claims are created and then written (no hard links), another process can read one empty in between.
  return Date.now() - mtimeMs < WRITE_GRACE_MS ? 'being-written' : 'unreadable';
}

/** Reads a claim, giving a process that has just created it a moment to write it. */
function readSettledClaim(file: string): Claim {
  let claim = readClaim(file);
  for (const deadline = Date.now() + 1000; claim === 'being-written' && Date.now() < deadline; claim = readClaim(file)) pause(5);
  return claim;
}

function sameClaim(a: Claim, b: Claim): boolean {
  return typeof a === 'object' && typeof b === 'object' ? a.pid === b.pid && a.since === b.since : a === b;
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes a dead process's claim, if it is still there. Several processes can find the same dead claim at
 * once, and the one that removes it first may have made its own claim before another gets to remove "the
 * dead one"; so removal happens under a guard file, and only if the claim is still the dead one. No claim
 * can appear while the dead one is in place, so the check and the removal cannot be split by a new claim.
 */
function removeDeadClaim(file: string, dead: Claim): void {
  const guard = `${file}.takeover`;
  try {
    fs.writeFileSync(guard, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Another process is removing it right now, or was killed while doing so long ago.
    if (guardAgeMs(guard) > WRITE_GRACE_MS) fs.rmSync(guard, { force: true });
    else pause(5);
    return;
  }
  try {
    if (sameClaim(readClaim(file), dead)) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

function guardAgeMs(guard: string): number {
  try {
    return Date.now() - fs.statSync(guard).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Creates the claim file with its content in one step: written to a private file, then hard-linked into
 * place (which fails if a claim exists). A process killed at any point leaves either no claim or a whole
 * one, never an empty one that others would have to wait out. Where hard links are not supported (some
 * external-drive file systems) it falls back to create-then-write. Returns false if a claim exists.
 */
function createClaim(file: string, me: LockOwner): boolean {
  const text = JSON.stringify(me);
  const draft = `${file}.${process.pid}.draft`;
  try {
    fs.writeFileSync(draft, text);
    fs.linkSync(draft, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
  } finally {
    fs.rmSync(draft, { force: true });
  }
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Drafts left by processes killed between writing and linking their claim. */
function removeDeadDrafts(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) && name.endsWith('.draft') ? Number(name.slice(prefix.length, -'.draft'.length)) : NaN;
    if (!Number.isInteger(pid) || pid === process.pid || processExists(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function scanLockPath(databasePath: string, root: string): string {
  return `${databasePath}.scan-${crypto.createHash('sha256').update(root).digest('hex').slice(0, 16)}.lock`;
}

/**
 * Claims the right to scan `root` into the library at `databasePath` for this process (re-entrant:
 * a watcher's reconcile scans under the watcher's claim). A second process gets LibraryInUseError
 * at once instead of scoring every photo a second time. A claim left by a killed process is taken
 * over. Returns the release function.
 */
export function claimScan(databasePath: string, root: string): () => void {
  if (databasePath === ':memory:' || databasePath === '') return () => {};
  const file = scanLockPath(databasePath, root);
  const release = () => {
    const n = (held.get(file) ?? 1) - 1;
    if (n > 0) {
      held.set(file, n);
      return;
    }
    held.delete(file);
    const claim = readClaim(file);
    if (typeof claim === 'object' && claim.pid === process.pid) fs.rmSync(file, { force: true });
  };
  if (held.has(file)) {
    held.set(file, held.get(file)! + 1);
    return release;
  }
  const me: LockOwner = { pid: process.pid, root, since: Date.now(), bootedAt: bootedAt() };
  for (const deadline = Date.now() + 2000; Date.now() < deadline; ) {
    if (createClaim(file, me)) {
      held.set(file, 1);
      removeDeadDrafts(file);
      return release;
    }
    const claim = readSettledClaim(file);
    if (claim === 'being-written') break;
    if (claim === 'gone') continue;
    if (claim !== 'unreadable' && alive(claim)) {
      throw new LibraryInUseError(`${root} is being scanned into ${databasePath} by another Crisp process (pid ${claim.pid}, ` +
        `since ${new Date(claim.since).toLocaleString()}); wait for it to finish, or stop it, and run again`);
    }
    removeDeadClaim(file, claim);
  }
  throw new LibraryInUseError(`${root} is being scanned into ${databasePath} by another Crisp process; run again in a moment`);
}
