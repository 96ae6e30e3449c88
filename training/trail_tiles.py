"""v5.2 experiment: tiles of the two shakes that 128 px tiles read as crisp (issue: light trails and doubled edges).

  trails : a region darkened to dusk in linear light and sprinkled with point lights far brighter than white
           (lamps, string lights, glints); shaken (momentum camera shake, 10..40 px), then clipped like a
           sensor. Each light draws the kernel as a thin, crisp-looking curve over content that is smeared.
           Label blurry, motion 1.
  lights : the same dusk scene with the same lights held still: crisp dots on sharp content. Label sharp
           where the tile passes the synthesis' sharpness test, so point lights are no cue by themselves.
  ghost  : a doubled (or tripled) exposure: 2-3 taps 5..16 px apart with unequal weights, so every edge comes
           back as a fainter copy. Label blurry, motion 1.

The ISP runs afterwards as in tile_dataset (blurry ones as blurry, sharp ones as sharp). Directional labels
are not defined for these tiles (-1, ignored by the loss).

Usage (inside finetune_real.py --trail-tiles N): make(pool, n, rng) -> X uint8 [n,3,128,128], yb, ym, yd.
"""
import math

import numpy as np
import torch

import blur_synthesis as bs
from tile_dataset import M, SHARP_RATIO, TEXTURE_MIN_POOL, _geom, edge_ratio, luma, tile_texture

GAMMA = bs.SRGB_GAMMA


def _lights(h, w, rng):
    """Linear-light point-light layer [3,h,w]: 1-3 px lights, 3..12x brighter than white, warm tints."""
    layer = np.zeros((3, h, w), np.float32)
    n = int(rng.integers(4, 16) * h * w / (128 * 128))
    for _ in range(n):
        y, x = int(rng.integers(1, h - 2)), int(rng.integers(1, w - 2))
        gain = rng.uniform(3.0, 12.0)
        tint = np.array([1.0, rng.uniform(0.7, 1.0), rng.uniform(0.35, 0.9)], np.float32)
        size = int(rng.integers(1, 3))
        layer[:, y:y + size, x:x + size] += gain * tint[:, None, None]
        layer[:, y - 1:y + size + 1, x - 1:x + size + 1] += 0.15 * gain * tint[:, None, None]
    return torch.from_numpy(layer)[None]


def _ghost_kernel(rng):
    k = np.zeros((bs.KS, bs.KS), np.float32)
    c = bs.KS // 2
    taps = int(rng.integers(2, 4))
    a = rng.uniform(0, 2 * math.pi)
    d = rng.uniform(5, 16)
    w = rng.dirichlet(np.ones(taps) * 2.0)
    for i in range(taps):
        r = d * i / (taps - 1)
        y = c + int(round(r * math.sin(a)))
        x = c + int(round(r * math.cos(a)))
        k[y, x] += w[i]
    return k


def make(pool, n, rng):
    store = pool["store"]
    X = np.empty((n, 3, 128, 128), np.uint8)
    yb = np.zeros(n, np.float32)
    ym = np.full(n, -1.0, np.float32)
    k = 0
    while k < n:
        vs = store[rng.integers(0, len(store))]
        a = vs[rng.integers(0, len(vs))]
        H, W = a.shape[:2]
        R = 128 + 2 * M
        if min(H, W) < R:
            continue
        y0, x0 = rng.integers(0, H - R + 1), rng.integers(0, W - R + 1)
        reg = _geom(a[y0:y0 + R, x0:x0 + R], rng)
        lo = luma(reg.astype(np.float32) / 255)
        t = lo[M:M + 128, M:M + 128]
        if tile_texture(t) < TEXTURE_MIN_POOL:
            continue
        x = torch.from_numpy(reg).permute(2, 0, 1).float()[None] / 255
        kind = ("trails", "lights", "ghost")[int(rng.choice(3, p=(0.4, 0.3, 0.3)))]
        if kind == "ghost":
            x = bs.fft_blur(x, torch.from_numpy(_ghost_kernel(rng)))
            label, sharp = 1.0, False
        else:
            lin = x ** GAMMA * rng.uniform(0.15, 0.6) + _lights(R, R, rng)
            if kind == "trails":
                kern = bs.shake_kernel(rng.uniform(10.0, 40.0), rng)
                lin = bs.fft_blur(lin, torch.from_numpy(kern).float())
                label, sharp = 1.0, False
            else:
                if edge_ratio(lo[M - 16:M + 144, M - 16:M + 144]) < SHARP_RATIO:
                    continue
                label, sharp = 0.0, True
            x = lin.clamp(0, 1) ** (1 / GAMMA)
        x, _, _ = bs.any_isp(x, rng, sharp)
        X[k] = (x[0, :, M:M + 128, M:M + 128].clamp(0, 1) * 255 + 0.5).to(torch.uint8).numpy()
        yb[k] = label
        ym[k] = 1.0 if label == 1 else -1.0
        k += 1
    return X, yb, ym, np.full((n, 4), -1.0, np.float32)
