"""Experiment (after 5.8.0): mild shake made at the capture scale, as a phone makes it, then downscaled.

The base synthesis blurs and runs its ISP at the analysis scale. A phone shakes at its sensor's scale, sharpens,
denoises and compresses there, and the photo reaches the analysis scale only after a 1.5-3x downscale (by the
phone's own export, a web upload, or the engine's resize). After that downscale the sharpening halos and noise are
finer than any the synthesis draws, and a 6-20 px shake at the analysis scale is a 12-50 px one at the sensor.

  shaken : a region at a stand-in capture scale (1 / f the analysis region, f 0.35-0.7), shaken by a momentum
           camera-shake (3/4) or a straight line (1/4) of 6-20 px at the analysis scale, then the capture-scale
           ISP (noise, edge-aware denoise, unsharp mask, JPEG), then a Lanczos downscale by f. Label blurry;
           motion 1 where the trail is long and elongated enough (blur_synthesis' rule), else ignored.
  still  : the same without the shake; sharp where the tile passes the synthesis' crispness test.

Sources: the synthesis photos (training split) at every stored scale and the fit part's sharp real photos
(bokeh keepers left out: their backgrounds are soft). Directional labels are not defined (-1).

Usage (inside finetune_real.py --capture-tiles N): make(pool, n, rng) -> X uint8 [n,3,128,128], yb, ym, yd.
"""
import math

import numpy as np
import torch
from PIL import Image

import blur_synthesis as bs
from tile_dataset import M, SHARP_RATIO, TEXTURE_MIN_POOL, _geom, edge_ratio, luma, tile_texture

R = 128 + 2 * M


def _kernel(rng, f):
    ea = math.exp(rng.uniform(math.log(6.0), math.log(20.0)))
    en = min(ea / f, bs.KS - 5.0)
    if rng.uniform() < 0.75:
        k = bs.shake_kernel(en, rng)
    else:
        k = bs.line_kernel(en, rng.uniform(0, math.pi))
    return k, bs._motion_label(k, en * f)


def _capture_isp(x, rng):
    if rng.uniform() < 0.5:
        x, _ = bs.add_noise(x, rng, 0.004, 0.03)
    if rng.uniform() < 0.5:
        x = bs.denoise(x, rng.uniform(0.6, 1.2), rng.uniform(0.3, 0.8))
    if rng.uniform() < 0.85:
        x = bs.unsharp(x, rng.uniform(0.5, 2.5), rng.uniform(0.8, 2.0))
    if rng.uniform() < 0.85:
        x = bs.jpeg(x.clamp(0, 1), rng.uniform(70, 97))
    return x.clamp(0, 1)


def _downscale(x, size):
    a = (x[0].permute(1, 2, 0).numpy() * 255 + 0.5).clip(0, 255).astype(np.uint8)
    return np.asarray(Image.fromarray(a).resize((size, size), Image.LANCZOS))


def make(pool, n, rng):
    store = pool["store"]
    X = np.empty((n, 3, 128, 128), np.uint8)
    yb = np.zeros(n, np.float32)
    ym = np.full(n, -1.0, np.float32)
    k = 0
    while k < n:
        vs = store[rng.integers(0, len(store))]
        a = vs[rng.integers(0, len(vs))]
        f = rng.uniform(0.35, 0.7)
        rn = int(math.ceil(R / f))
        H, W = a.shape[:2]
        if min(H, W) < rn:
            continue
        y0, x0 = rng.integers(0, H - rn + 1), rng.integers(0, W - rn + 1)
        reg = _geom(a[y0:y0 + rn, x0:x0 + rn], rng)
        x = torch.from_numpy(reg).permute(2, 0, 1).float()[None] / 255
        # texture and crispness are judged on the clean downscaled region, as the synthesis judges them before
        # its ISP: noise alone must not make a flat tile pass as crisp
        lo = luma(_downscale(x, R).astype(np.float32) / 255)
        if tile_texture(lo[M:M + 128, M:M + 128]) < TEXTURE_MIN_POOL:
            continue
        shaken = rng.uniform() < 0.5
        if shaken:
            kern, mlabel = _kernel(rng, f)
            x = bs.fft_blur(x, torch.from_numpy(kern).float())
        out = _downscale(_capture_isp(x, rng), R)
        if not shaken and edge_ratio(lo[M - 16:M + 144, M - 16:M + 144]) < SHARP_RATIO:
            continue
        X[k] = out[M:M + 128, M:M + 128].transpose(2, 0, 1)
        yb[k] = 1.0 if shaken else 0.0
        ym[k] = mlabel if shaken else -1.0
        k += 1
    return X, yb, ym, np.full((n, 4), -1.0, np.float32)
