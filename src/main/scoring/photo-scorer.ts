import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisLevel, CrispError } from '../../shared/photo-types.ts';
import type { BlurModel } from './blur-model.ts';
import { readExif } from './exif-reader.ts';
import { perceptualHash } from '../bursts/perceptual-hash.ts';
import { readExifDetails } from '../formats/exif-details.ts';
import { decodeHeic, HeicDecodeError } from '../formats/heic-decoder.ts';
import { extractLargestPreview, RawPreviewError } from '../formats/raw-preview.ts';
import { photoFormatOf } from '../library/photo-formats.ts';
import { readSidecar } from '../sidecars/xmp-sidecar.ts';
import { DecodeError, decodePhoto, makeThumbnail, type DecodeSource } from './photo-decoder.ts';
import { decodeConcurrency, Slots } from './scorer-concurrency.ts';
import type { PhotoSource, ScoredPhoto, ScoreOutcome, ScoreRequest } from './scorer-protocol.ts';

export interface PhotoScorerOptions {
  level: AnalysisLevel;
  threshold: number;
  thumbDir: string;
  pixelLimit?: number;
  /** Files larger than this are hashed as a stream and decoded from disk instead of read whole. */
  streamAboveBytes?: number;
}

/** A 196 MP PNG can weigh 600 MB: held whole it would cost its size again on top of the decode. */
export const STREAM_ABOVE_BYTES = 64 * 1024 * 1024;
/** EXIF sits at the start of JPEG, TIFF and PNG files; a streamed file's EXIF is read from this much of it. */
const EXIF_HEAD_BYTES = 1024 * 1024;

export function thumbPathFor(thumbDir: string, fingerprint: string): string {
  return path.join(thumbDir, fingerprint.slice(0, 2), `${fingerprint}.webp`);
}

/**
 * Scores photos in two overlapped stages. Stage one reads, fingerprints and decodes once
 * (EXIF-rotated, at the analysis scale), `decodeSlots` photos at a time. Stage two, one photo at a
 * time, makes the thumbnail and perceptual hash from that decode, reads the maker notes and
 * sidecar, and runs the model. Nothing here ever writes to the photo.
 */
export class PhotoScorer {
  private readonly decodeSlots: Slots;
  private readonly modelSlot = new Slots(1);

  constructor(private readonly model: BlurModel, private readonly opts: PhotoScorerOptions, decodeSlots = decodeConcurrency()) {
    this.decodeSlots = new Slots(decodeSlots);
  }

  async score(req: ScoreRequest): Promise<ScoreOutcome> {
    try {
      const decoded = await this.decodeSlots.use(() => this.decode(req));
      const t0 = performance.now();
      const photo = await this.modelSlot.use(() => this.judge(req, decoded));
      return { ok: true, photo: { ...photo, timings: { ...decoded.timings, inferMs: performance.now() - t0 } } };
    } catch (err) {
      return { ok: false, error: toCrispError(err) };
    }
  }

  /** Stage one, and only what needs the file: read, fingerprint, decode once at the analysis scale. */
  private async decode(req: ScoreRequest) {
    const t0 = performance.now();
    const read = await readUnchanged(req, this.opts.streamAboveBytes ?? STREAM_ABOVE_BYTES);
    const fingerprint = read.fingerprint;
    const t1 = performance.now();
    const longEdge = this.model.longEdge(this.opts.level);
    const { decodeSource, source } = await this.decodeSourceFor(req.path, read, longEdge);
    const [decoded, exif] = await Promise.all([decodePhoto(decodeSource, longEdge, this.model.tileSize, this.opts.pixelLimit), readExif(read.data ?? read.head)]);
    // Blown up to one tile, an icon-sized image is all blur: no verdict is better than a wrong one.
    if (Math.min(decoded.width, decoded.height) < this.model.tileSize) {
      throw new FileError('TOO_SMALL', `too small to judge: ${decoded.width}x${decoded.height} px (at least ${this.model.tileSize} px on each side is needed)`);
    }
    return { fingerprint, exif, source, decoded, timings: { readMs: t1 - t0, decodeMs: performance.now() - t1 } };
  }

  /** Stage two, overlapped with the next photo's decode: metadata, thumbnail and hash from the decoded image, then the model. */
  private async judge(req: ScoreRequest, d: Awaited<ReturnType<PhotoScorer['decode']>>): Promise<Omit<ScoredPhoto, 'timings'>> {
    const { exif } = d;
    const [thumbnail, details, sidecar] = await Promise.all([
      makeThumbnail(d.decoded.analysis),
      // Maker notes (lens, AF point) only exist in camera files; exiftool is not worth running for the rest.
      exif.make || d.source.kind !== 'file' ? readExifDetails(req.path).catch(() => null) : Promise.resolve(null),
      readSidecar(req.path).catch(() => null),
    ]);
    if (details) {
      exif.make ??= details.make;
      exif.model ??= details.model;
      exif.lens ??= details.lens;
      // exiftool keeps sub-seconds, which tell the frames of a burst apart.
      exif.takenAt = details.takenAt ?? exif.takenAt;
    }
    const thumbPath = thumbPathFor(this.opts.thumbDir, d.fingerprint);
    await writeAtomically(thumbPath, thumbnail.webp);
    const afPoint = details?.afPoint ? { x: details.afPoint.x, y: details.afPoint.y } : null;
    const judgement = await this.model.judge(d.decoded.analysis, this.opts.threshold, afPoint);
    return {
      fingerprint: d.fingerprint, source: d.source, phash: perceptualHash(thumbnail.rgb, thumbnail.width, thumbnail.height), afPoint,
      sidecar: sidecar ? { rating: sidecar.rating, label: sidecar.label } : null,
      width: d.decoded.width, height: d.decoded.height, orientation: d.decoded.orientation, exif, thumbPath, judgement,
    };
  }

  /** RAW files are judged by their largest embedded JPEG preview, HEIC through the WebAssembly decoder. */
  private async decodeSourceFor(file: string, read: FileRead, longEdge: number): Promise<{ decodeSource: DecodeSource; source: PhotoSource }> {
    const format = photoFormatOf(file);
    if (format === 'raw') {
      const p = await extractLargestPreview(file, longEdge);
      return { decodeSource: { kind: 'encoded', data: p.jpeg, orientation: p.orientation }, source: { kind: 'raw-preview', tag: p.tag, width: p.width, height: p.height } };
    }
    if (format === 'heic') {
      const h = await decodeHeic(read.data ?? (await fs.promises.readFile(file)), this.opts.pixelLimit);
      return { decodeSource: { kind: 'pixels', data: h.data, width: h.width, height: h.height, channels: h.channels }, source: { kind: 'heic', tag: null, width: h.width, height: h.height } };
    }
    const decodeSource: DecodeSource = read.data ? { kind: 'encoded', data: read.data } : { kind: 'file', path: file, size: read.size };
    return { decodeSource, source: { kind: 'file', tag: null, width: 0, height: 0 } };
  }
}

class FileError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** A file as read for scoring: whole (data), or, above the streaming size, only its head. */
interface FileRead {
  data: Buffer | null;
  head: Buffer;
  size: number;
  fingerprint: string;
}

async function readUnchanged(req: ScoreRequest, streamAbove: number): Promise<FileRead> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(req.path, 'r');
  } catch (err) {
    throw fileErrorFrom(err);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new FileError('NOT_A_FILE', 'not a regular file');
    if (st.size !== req.expectedSize || Math.trunc(st.mtimeMs) !== req.expectedMtimeMs) {
      throw new FileError('CHANGED_DURING_SCAN', 'file changed while the scan was running; it will be scored on the next scan');
    }
    const changed = () => new FileError('CHANGED_DURING_SCAN', 'file changed while it was being read; it will be scored on the next scan');
    if (st.size > streamAbove) {
      const hash = crypto.createHash('sha256');
      let read = 0;
      for await (const chunk of fh.createReadStream({ autoClose: false })) {
        hash.update(chunk as Buffer);
        read += (chunk as Buffer).length;
      }
      const after = await fh.stat();
      if (read !== st.size || after.size !== st.size || after.mtimeMs !== st.mtimeMs) throw changed();
      const head = Buffer.alloc(Math.min(EXIF_HEAD_BYTES, st.size));
      await fh.read(head, 0, head.length, 0);
      return { data: null, head, size: st.size, fingerprint: hash.digest('hex') };
    }
    const data = await fh.readFile();
    if (data.length !== st.size) throw changed();
    return { data, head: data, size: st.size, fingerprint: crypto.createHash('sha256').update(data).digest('hex') };
  } catch (err) {
    throw err instanceof FileError ? err : fileErrorFrom(err);
  } finally {
    await fh.close();
  }
}

function fileErrorFrom(err: unknown): FileError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FileError('VANISHED', 'file vanished during the scan (deleted or moved)');
  if (code === 'EACCES' || code === 'EPERM') return new FileError('UNREADABLE', 'permission denied: the file cannot be read');
  if (code === 'EISDIR') return new FileError('NOT_A_FILE', 'not a regular file');
  return new FileError('READ_FAILED', `could not read file: ${(err as Error).message}`);
}

async function writeAtomically(file: string, data: Buffer): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

export function toCrispError(err: unknown): CrispError {
  if (err instanceof FileError || err instanceof DecodeError || err instanceof RawPreviewError || err instanceof HeicDecodeError) {
    return { code: err.code, message: err.message };
  }
  const e = err as { code?: unknown; message?: unknown };
  return { code: typeof e?.code === 'string' ? e.code : 'INTERNAL', message: typeof e?.message === 'string' ? e.message : String(err) };
}
