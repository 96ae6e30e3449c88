import { useEffect, useRef } from 'react';
import type { FocusMap } from '../../../shared/review-types.ts';
import { tileRects } from './focus-map-layout.ts';

const CANVAS_LONG_EDGE = 1024;

/** Blur 0 → green (sharp), 1 → red (blurry). */
function tileColour(blur: number): string {
  return `hsla(${Math.round(120 * (1 - blur))}, 90%, 48%, ${0.2 + 0.35 * blur})`;
}

interface Props {
  map: FocusMap;
  imageWidth: number;
  imageHeight: number;
  /** Size of the image the model judged, when it differs from the one shown (a RAW's preview). */
  judged?: { width: number; height: number };
}

/** The model's per-tile verdict painted over the photo; it scales with the photo inside the pane transform. */
export function FocusOverlay({ map, imageWidth, imageHeight, judged }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || imageWidth <= 0 || imageHeight <= 0) return;
    const k = CANVAS_LONG_EDGE / Math.max(imageWidth, imageHeight);
    el.width = Math.round(imageWidth * k);
    el.height = Math.round(imageHeight * k);
    ctx.clearRect(0, 0, el.width, el.height);
    const rects = tileRects(map, judged?.width ?? imageWidth, judged?.height ?? imageHeight);
    rects.forEach((r, i) => {
      const x = r.x * el.width;
      const y = r.y * el.height;
      const w = r.w * el.width;
      const h = r.h * el.height;
      if (map.used[i]) {
        ctx.fillStyle = tileColour(map.blur[i] / 255);
        ctx.fillRect(x, y, w, h);
      } else {
        // Flat tiles (sky, walls) don't count towards the score: shown hatched, not coloured.
        ctx.fillStyle = 'rgba(20, 20, 24, 0.35)';
        ctx.fillRect(x, y, w, h);
        ctx.save();
        ctx.beginPath();
        ctx.rect(x, y, w, h);
        ctx.clip();
        ctx.strokeStyle = 'rgba(255, 255, 255, 0.14)';
        ctx.beginPath();
        for (let d = 0; d < w + h; d += 8) {
          ctx.moveTo(x + d, y);
          ctx.lineTo(x + d - h, y + h);
        }
        ctx.stroke();
        ctx.restore();
      }
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.35)';
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
    });
  }, [map, imageWidth, imageHeight, judged?.width, judged?.height]);
  return <canvas ref={canvas} className="focus-overlay" data-testid="focus-overlay" aria-hidden="true" />;
}
