/**
 * The camera's AF point as a focus bracket. It lives outside the scaled canvas, placed in pane
 * pixels, so it follows zoom and pan but stays the same size on screen at any zoom.
 */
export function AfPointMarker({ left, top }: { left: number; top: number }) {
  return (
    <div
      className="af-point"
      data-testid="af-point"
      role="img"
      aria-label="Camera AF point"
      title="Where the camera focused (AF point from the photo's metadata)"
      style={{ transform: `translate(${left.toFixed(1)}px, ${top.toFixed(1)}px)` }}
    >
      <span className="af-bracket" aria-hidden="true" />
      <span className="af-tag" aria-hidden="true">AF</span>
    </div>
  );
}
