import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.ts';
import { XmpDocument, XmpParseError, type XmpProperty } from './xmp-document.ts';

/**
 * `replace-extension`: IMG_1234.CR2 -> IMG_1234.xmp (Lightroom, Capture One).
 * `append-extension`: IMG_1234.CR2 -> IMG_1234.CR2.xmp (darktable, digiKam).
 */
export type SidecarConvention = 'replace-extension' | 'append-extension';

export const CRISP_XMP_NS = 'https://crisp.photo/ns/1.0/';
const XMP_NS = 'http://ns.adobe.com/xap/1.0/';

const rating: XmpProperty = { ns: XMP_NS, prefix: 'xmp', name: 'Rating' };
const label: XmpProperty = { ns: XMP_NS, prefix: 'xmp', name: 'Label' };
const crisp = (name: string): XmpProperty => ({ ns: CRISP_XMP_NS, prefix: 'crisp', name });
const crispProps = {
  decision: crisp('Decision'),
  blurScore: crisp('BlurScore'),
  verdict: crisp('Verdict'),
  blurType: crisp('BlurType'),
  modelVersion: crisp('ModelVersion'),
};

/** xmp:Rating -1 is how Lightroom, darktable, digiKam and Capture One all record "rejected". */
const REJECTED_RATING = -1;

export interface SidecarDecision {
  /** null: no keep / trash decision, only marks to write. */
  decision: 'trash' | 'keep' | null;
  /** The user's stars (0..5) and colour label set in Crisp; a label wins over keepLabel. */
  rating?: number;
  label?: string | null;
  /** Written to xmp:Label on keep, e.g. "Green". */
  keepLabel?: string;
  /** Written to xmp:Rating on keep (0..5). */
  keepRating?: number;
  blurScore: number;
  verdict: string;
  blurType: string | null;
  modelVersion: string;
}

export interface SidecarState {
  path: string;
  /** -1 (rejected) .. 5, or null when the sidecar holds no rating. */
  rating: number | null;
  label: string | null;
  rejected: boolean;
  /** Crisp's own verdict as last written, when present. */
  crisp: { decision: string | null; blurScore: number | null; verdict: string | null } | null;
}

export class SidecarError extends Error {
  constructor(readonly code: 'SIDECAR_UNREADABLE' | 'INVALID_TARGET', message: string) {
    super(message);
  }
}

export function sidecarPath(photoPath: string, convention: SidecarConvention): string {
  if (convention === 'append-extension') return `${photoPath}.xmp`;
  const ext = path.extname(photoPath);
  return `${ext ? photoPath.slice(0, -ext.length) : photoPath}.xmp`;
}

/** Merges the decision into the sidecar (creating it if needed); the photo itself is never opened. */
export async function writeDecision(photoPath: string, d: SidecarDecision, convention: SidecarConvention): Promise<string> {
  if (path.extname(photoPath).toLowerCase() === '.xmp') {
    throw new SidecarError('INVALID_TARGET', `${photoPath} is itself a sidecar, not a photo`);
  }
  const target = sidecarPath(photoPath, convention);
  const existing = await readText(target);
  const doc = existing === null ? XmpDocument.empty() : parseOrThrow(existing, target);

  if (d.decision === 'trash') {
    doc.set(rating, String(REJECTED_RATING));
  } else if (d.rating !== undefined) {
    if (!Number.isInteger(d.rating) || d.rating < 0 || d.rating > 5) throw new SidecarError('INVALID_TARGET', `rating must be 0..5, got ${d.rating}`);
    doc.set(rating, String(d.rating));
  } else if (d.decision === 'keep') {
    if (d.keepRating !== undefined) {
      if (!Number.isInteger(d.keepRating) || d.keepRating < 0 || d.keepRating > 5) {
        throw new SidecarError('INVALID_TARGET', `keep rating must be 0..5, got ${d.keepRating}`);
      }
      doc.set(rating, String(d.keepRating));
    } else if (Number(doc.get(rating)) === REJECTED_RATING) {
      // Kept after all: lift an earlier reject rather than leave the photo hidden in other tools.
      doc.set(rating, '0');
    }
  }
  if (d.label !== undefined) {
    if (d.label) doc.set(label, d.label);
    else doc.remove(label);
  } else if (d.decision === 'keep' && d.keepLabel) doc.set(label, d.keepLabel);
  if (d.decision) doc.set(crispProps.decision, d.decision);
  else doc.remove(crispProps.decision);
  doc.set(crispProps.blurScore, d.blurScore.toFixed(4));
  doc.set(crispProps.verdict, d.verdict);
  if (d.blurType) doc.set(crispProps.blurType, d.blurType);
  else doc.remove(crispProps.blurType);
  doc.set(crispProps.modelVersion, d.modelVersion);

  await writeFileAtomic(target, doc.toString());
  return target;
}

/**
 * Reads the rating, label and reject flag another tool (or Crisp) left. The photo-specific
 * `IMG.CR2.xmp` wins over `IMG.xmp`, which a RAW+JPEG pair shares.
 */
export async function readSidecar(photoPath: string): Promise<SidecarState | null> {
  for (const candidate of candidatePaths(photoPath)) {
    const text = await readText(candidate);
    if (text === null) continue;
    const doc = parseOrThrow(text, candidate);
    const r = parseRating(doc.get(rating));
    const decision = doc.get(crispProps.decision);
    const score = doc.get(crispProps.blurScore);
    const verdict = doc.get(crispProps.verdict);
    return {
      path: candidate,
      rating: r,
      label: doc.get(label) || null,
      rejected: r !== null && r < 0,
      crisp: decision === null && score === null && verdict === null
        ? null
        : { decision, blurScore: score === null || !Number.isFinite(Number(score)) ? null : Number(score), verdict },
    };
  }
  return null;
}

/** Every name a sidecar of this photo may have, the photo-specific ones first. */
export function candidatePaths(photoPath: string): string[] {
  const appended = sidecarPath(photoPath, 'append-extension');
  const replaced = sidecarPath(photoPath, 'replace-extension');
  const upper = (p: string) => `${p.slice(0, -4)}.XMP`;
  return [appended, upper(appended), replaced, upper(replaced)];
}

function parseRating(v: string | null): number | null {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.round(n) : null;
}

function parseOrThrow(text: string, file: string): XmpDocument {
  try {
    return XmpDocument.parse(text);
  } catch (err) {
    // Never overwrite a sidecar we could not read: it may hold another tool's edits.
    if (err instanceof XmpParseError) throw new SidecarError('SIDECAR_UNREADABLE', `${file}: ${err.message}`);
    throw err;
  }
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
