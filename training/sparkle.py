"""Point highlights for experiment v12 (CRISP_SPARKLE=P, training/README.md): stars, city lights at night,
glints on water, glitter, snow in flash light.

A shaken point light becomes a streak whose ends and sides are as crisp as the point was: the point
convolved with the shake is the shake's own trail, drawn with the point's crisp profile. So shaken star
fields and night scenes keep crisp-looking detail along every direction, and only the trails' shape says
they moved. The 79 training photos have few such points; this layer adds them to the CLEAN region before
the optics (sharp and blurry regions alike, so points are no cue by themselves), and the directional labels
are computed from the clean region with the points in it.
"""
import math
import os

import numpy as np
from scipy.ndimage import gaussian_filter

SPARKLE = float(os.environ.get("CRISP_SPARKLE", "0"))
WHITE, WARM = np.array([1.0, 1.0, 1.0]), np.array([1.0, 0.82, 0.55])


def side_rng(rng):
    """A generator derived from rng's state without drawing from it: the main stream (regions, kernels,
    ISP) stays exactly that of a run without points."""
    return np.random.default_rng(rng.bit_generator.state["state"]["state"] & (2 ** 63 - 1))


def _colours(n, rng):
    u = rng.uniform(size=n)
    c = np.where((u < 0.55)[:, None], WHITE, WARM)
    hue = rng.uniform(0, 2 * math.pi, size=n)
    vivid = np.stack([0.65 + 0.35 * np.cos(hue + k * 2 * math.pi / 3) for k in range(3)], 1)
    return np.where((u >= 0.85)[:, None], vivid, c)


def layer(h, w, rng, density=None):
    """Premultiplied colour [h,w,3] and coverage [h,w] of sub-pixel point lights. density: points per
    128x128 px (log-uniform 2..80 by default)."""
    if density is None:
        density = math.exp(rng.uniform(math.log(2), math.log(80)))
    n = int(rng.poisson(density * h * w / 128 ** 2))
    col = np.zeros((h, w, 3))
    cov = np.zeros((h, w))
    if n == 0:
        return col, cov
    ys, xs = rng.uniform(0, h - 1, n), rng.uniform(0, w - 1, n)
    amp = np.where(rng.uniform(size=n) < 0.5, 1.0, rng.uniform(0.35, 1.0, n))  # half of them clip
    cols = _colours(n, rng)
    size = rng.integers(0, 3, n)  # point spread sigma class
    for cls, sigma in enumerate((0.45, 0.75, 1.1)):
        sel = size == cls
        if not sel.any():
            continue
        peak = gaussian_filter(_unit(sigma), sigma).max()  # a point of amplitude a peaks at about a
        at = (ys[sel], xs[sel])
        cov += gaussian_filter(_splat(h, w, *at, amp[sel]), sigma) / peak
        for k in range(3):
            col[..., k] += gaussian_filter(_splat(h, w, *at, amp[sel] * cols[sel, k]), sigma) / peak
    cov = np.clip(cov, 0, 1)
    return col, cov


def _splat(h, w, ys, xs, vals):
    """Bilinear splat of values at sub-pixel positions."""
    imp = np.zeros((h, w))
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    fy, fx = ys - y0, xs - x0
    for dy, dx, wt in ((0, 0, (1 - fy) * (1 - fx)), (1, 0, fy * (1 - fx)), (0, 1, (1 - fy) * fx), (1, 1, fy * fx)):
        np.add.at(imp, (np.minimum(y0 + dy, h - 1), np.minimum(x0 + dx, w - 1)), vals * wt)
    return imp


def _unit(sigma):
    r = int(math.ceil(4 * sigma)) + 1
    u = np.zeros((2 * r + 1, 2 * r + 1))
    u[r, r] = 1.0
    return u


def add(reg, rng, density=None):
    """uint8 HxWx3 region -> the same with point lights composited over it (uint8)."""
    h, w = reg.shape[:2]
    col, cov = layer(h, w, rng, density)
    x = reg.astype(np.float64) / 255 * (1 - cov[..., None]) + col
    return (np.clip(x, 0, 1) * 255 + 0.5).astype(np.uint8)
