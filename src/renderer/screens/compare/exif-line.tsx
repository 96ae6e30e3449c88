import type { ExifSummary } from '../../../shared/photo-types.ts';
import type { PhotoDetail } from '../../../shared/review-types.ts';
import { formatAperture, formatFocal, formatShutter, shakeRisk } from '../../format/format-exif.ts';
import { sourceLabel } from '../../format/format-source.ts';

export function ExifLine({ exif, source }: { exif: ExifSummary | undefined; source?: PhotoDetail['source'] }) {
  if (!exif) return <div className="exif-line muted">&nbsp;</div>;
  const judged = sourceLabel(source ?? null);
  const parts = [
    exif.exposureTime !== null ? formatShutter(exif.exposureTime) : null,
    exif.fNumber !== null ? formatAperture(exif.fNumber) : null,
    exif.iso !== null ? `ISO ${exif.iso}` : null,
    formatFocal(exif),
  ].filter((p): p is string => p !== null);
  const shake = shakeRisk(exif);
  const camera = [exif.make && !exif.model?.startsWith(exif.make) ? exif.make : null, exif.model, exif.lens].filter(Boolean).join(' · ');
  return (
    <div className="exif-line" data-testid="exif-line">
      <span className="exif-values">{parts.length ? parts.join('  ·  ') : 'No exposure data'}</span>
      {shake && (
        <span className="badge badge-warn" title="Shutter slower than 1 / (35 mm-equivalent focal length)">
          Slower than {formatShutter(shake.limit)}: possible camera shake
        </span>
      )}
      {judged && (
        <span className="badge badge-source" data-testid="source-line" title={`Judged from ${source?.tag ?? 'the embedded image'}, not the raw sensor data`}>
          {judged}
        </span>
      )}
      {camera && <span className="exif-camera">{camera}</span>}
    </div>
  );
}
