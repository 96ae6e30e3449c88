import { describe, expect, it } from 'vitest';
import { exportFlagged, type FlaggedRow } from '../../src/main/bursts/flagged-export.ts';

const rows: FlaggedRow[] = [
  { path: '/photos/2024/IMG_0001.CR2', blurScore: 0.91, verdict: 'blurry', blurType: 'motion', burstId: 'burst:7', decision: 'trash', rating: 0, label: null },
  { path: '/photos/Trip, "best" of\nday 2/DSC 2.jpg', blurScore: 0.5, verdict: 'blurry', blurType: null, burstId: null, decision: null, rating: 3, label: 'Red' },
  { path: ' leading space.jpg', blurScore: null, verdict: null, blurType: null, burstId: null, decision: null, rating: null, label: null },
];

describe('exportFlagged', () => {
  it('writes RFC 4180 CSV, quoting commas, quotes, newlines and edge spaces', () => {
    expect(exportFlagged(rows, 'csv')).toBe(
      'path,blur_score,verdict,blur_type,burst_id,decision,rating,label\r\n'
      + '/photos/2024/IMG_0001.CR2,0.91,blurry,motion,burst:7,trash,0,\r\n'
      + '"/photos/Trip, ""best"" of\nday 2/DSC 2.jpg",0.5,blurry,,,,3,Red\r\n'
      + '" leading space.jpg",,,,,,,\r\n',
    );
  });

  it('writes JSON that round-trips', () => {
    const out = exportFlagged(rows, 'json');
    expect(JSON.parse(out)).toEqual(rows);
    expect(exportFlagged([], 'csv')).toBe('path,blur_score,verdict,blur_type,burst_id,decision,rating,label\r\n');
    expect(JSON.parse(exportFlagged([], 'json'))).toEqual([]);
  });
});
