import type { PhotoDetail } from '../../shared/review-types.ts';

/** What the model judged, when it isn't simply the file: "RAW preview 6000×4000 (PreviewImage)". */
export function sourceLabel(source: PhotoDetail['source']): string | null {
  if (!source || source.kind === 'file') return null;
  const size = source.width && source.height ? ` ${source.width}×${source.height}` : '';
  // exiftool names the tag with its group ("SubIFD1:PreviewImage"); the tag alone is what people know.
  const tag = source.tag ? ` (${source.tag.split(':').pop()})` : '';
  return source.kind === 'raw-preview' ? `RAW preview${size}${tag}` : `HEIC${size}${tag}`;
}
