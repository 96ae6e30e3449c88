export interface FlaggedRow {
  path: string;
  blurScore: number | null;
  verdict: string | null;
  blurType: string | null;
  burstId: string | null;
  /** keep, trash or null (undecided); photos explicitly kept are not in the flagged list. */
  decision: string | null;
  /** 0..5 stars (-1: rejected in a sidecar), and the colour label. */
  rating: number | null;
  label: string | null;
}

export type ExportFormat = 'csv' | 'json';

const COLUMNS: [header: string, key: keyof FlaggedRow][] = [
  ['path', 'path'], ['blur_score', 'blurScore'], ['verdict', 'verdict'], ['blur_type', 'blurType'], ['burst_id', 'burstId'],
  ['decision', 'decision'], ['rating', 'rating'], ['label', 'label'],
];

/** The flagged list as RFC 4180 CSV (CRLF, quoted where needed) or a JSON array. */
export function exportFlagged(rows: FlaggedRow[], format: ExportFormat): string {
  if (format === 'json') {
    const plain = rows.map((r) => Object.fromEntries(COLUMNS.map(([, key]) => [key, r[key] ?? null])));
    return `${JSON.stringify(plain, null, 2)}\n`;
  }
  const lines = [COLUMNS.map(([h]) => h).join(',')];
  for (const r of rows) lines.push(COLUMNS.map(([, key]) => csvField(r[key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
