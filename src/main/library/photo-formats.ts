import path from 'node:path';
import type { PhotoFormat } from '../../shared/photo-types.ts';

const byExtension: Record<string, PhotoFormat> = {
  '.jpg': 'jpeg', '.jpeg': 'jpeg', '.jpe': 'jpeg', '.jfif': 'jpeg',
  '.png': 'png',
  '.tif': 'tiff', '.tiff': 'tiff',
  '.webp': 'webp',
  '.avif': 'avif',
  '.heic': 'heic', '.heif': 'heic', '.hif': 'heic',
  '.cr2': 'raw', '.cr3': 'raw', '.nef': 'raw', '.nrw': 'raw', '.arw': 'raw', '.srf': 'raw', '.sr2': 'raw',
  '.dng': 'raw', '.raf': 'raw', '.orf': 'raw', '.rw2': 'raw', '.pef': 'raw', '.srw': 'raw', '.x3f': 'raw',
  '.3fr': 'raw', '.iiq': 'raw', '.rwl': 'raw',
};

/** Formats the scorer can judge: RAW by its embedded preview, HEIC through a WebAssembly decoder. */
const decodable = new Set<PhotoFormat>(['jpeg', 'png', 'tiff', 'webp', 'avif', 'heic', 'raw']);

export function photoFormatOf(file: string): PhotoFormat | null {
  return byExtension[path.extname(file).toLowerCase()] ?? null;
}

export function isDecodable(format: PhotoFormat): boolean {
  return decodable.has(format);
}
