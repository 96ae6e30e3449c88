"""Doubled edges (a ghost): twin of src/main/scoring/ghost-detector.ts (the card's aggregation.ghost).

The camera held still twice in one exposure, so every edge shows twice, d px apart, and a tile network reads
each copy as a crisp edge. A ghost adds a peak at the same lag d to the fine detail's autocorrelation in every
textured block, with nothing at d/2 or 2d (a repeating texture peaks at 2d too) and no rival peak elsewhere (a
lattice has several). evidence = the winning lag's prominence minus the best rival's.
"""
import numpy as np
from scipy import ndimage

BLOCK = 128
# blocks examined before deciding whether the rest are worth it (the engine's GHOST_PROBE_BLOCKS)
PROBE_BLOCKS = 8
DEFAULTS = {"minLag": 5, "maxLag": 24, "rmsMin": 0.01, "minBlocks": 6, "maxBlocks": 32, "minConsistency": 0.5}


def fine_detail(arr):
    y = (arr[..., 0] * 0.299 + arr[..., 1] * 0.587 + arr[..., 2] * 0.114).astype(np.float32) / 255.0
    return ndimage.uniform_filter(y, 3) - ndimage.uniform_filter(y, 7)


def block_order(n, max_blocks):
    """Every step-th block, then the ones after those, ... (the engine's blockOrder)."""
    step = max(1, -(-n // max_blocks))
    return [k for off in range(step) for k in range(off, n, step)]


def _autocorrelation(b, span):
    B = BLOCK
    yy, xx = np.mgrid[-span:span + 1, -span:span + 1]
    ov = (B - np.abs(xx)) * (B - np.abs(yy)) / B ** 2
    F = np.fft.fft2(b, s=(2 * B, 2 * B))
    r = np.fft.ifft2(np.abs(F) ** 2).real / (b * b).sum()
    return np.roll(np.roll(r, span, 0), span, 1)[:2 * span + 1, :2 * span + 1] / ov


def _judge(M, span, p):
    yy, xx = np.mgrid[-span:span + 1, -span:span + 1]
    hy, hx = np.fix(yy / 2).astype(int) + span, np.fix(xx / 2).astype(int) + span
    ty, tx = np.clip(2 * yy + span, 0, 2 * span), np.clip(2 * xx + span, 0, 2 * span)
    rr = np.hypot(yy, xx)
    searched = (rr >= p["minLag"]) & (rr <= p["maxLag"]) & ((yy > 0) | ((yy == 0) & (xx > 0)))
    mean = M.mean(0)
    prom = mean - np.maximum(mean[hy, hx], mean[ty, tx])
    py, px = np.unravel_index(np.argmax(np.where(searched, prom, -np.inf)), prom.shape)
    dy, dx = int(yy[py, px]), int(xx[py, px])
    best = float(prom[py, px])
    family = np.zeros_like(searched)
    for k in (0.5, 1, 2, 3):
        family |= (np.hypot(yy - k * dy, xx - k * dx) <= 2.5) | (np.hypot(yy + k * dy, xx + k * dx) <= 2.5)
    rival = max(0.0, float(np.where(searched & ~family, prom, -np.inf).max()))
    per = M[:, py, px] - np.maximum(M[:, hy[py, px], hx[py, px]], M[:, ty[py, px], tx[py, px]])
    showing = (per >= 0.5 * best) if best > 0 else np.zeros(len(M), bool)
    return {"evidence": max(0.0, best - rival), "dx": dx, "dy": dy, "consistency": float(showing.mean()), "blocks": len(M)}


def evidence(arr, p=None):
    """-> dict(evidence, dx, dy, consistency, blocks) or None (fewer textured blocks than minBlocks). With p["lo"] (the
    card's), it stops after the first PROBE_BLOCKS textured blocks when they show less than lo / 2, as the engine does;
    without it (tuning), every block up to maxBlocks counts."""
    p = {**DEFAULTS, **(p or {})}
    span = 2 * p["maxLag"]
    h = fine_detail(arr)
    B = BLOCK
    cols, rows = h.shape[1] // B, h.shape[0] // B
    order = block_order(cols * rows, p["maxBlocks"])
    maps, nxt = [], 0
    need = max(1, p["minBlocks"])

    def examine_up_to(limit):
        nonlocal nxt
        while len(maps) < limit and nxt < len(order):
            k = order[nxt]
            nxt += 1
            bx, by = (k % cols) * B, (k // cols) * B
            b = h[by:by + B, bx:bx + B].astype(np.float64)
            b = b - b.mean()
            if np.sqrt((b * b).mean()) >= p["rmsMin"]:
                maps.append(_autocorrelation(b, span))

    examine_up_to(min(PROBE_BLOCKS, p["maxBlocks"]))
    if len(maps) < need and nxt >= len(order):
        return None
    if len(maps) >= need:
        probe = _judge(np.stack(maps), span, p)
        if ("lo" in p and probe["evidence"] < p["lo"] / 2) or nxt >= len(order):
            return probe
    examine_up_to(p["maxBlocks"])
    return None if len(maps) < need else _judge(np.stack(maps), span, p)


def score(e, p):
    """The evidence on the blur score's scale (ghostScore in the engine)."""
    if e is None or e["blocks"] < p["minBlocks"] or e["consistency"] < p["minConsistency"]:
        return 0.0
    return float(np.clip((e["evidence"] - p["lo"]) / (p["hi"] - p["lo"]), 0, 1))
