"""v5.4 experiment: tiles of blur longer than the kernels the base synthesis draws (issue: phone defocus and shake).

The base synthesis' kernels fit in 65 px (shake and line blur 6-45 px, disks up to r 25). A phone photo analysed at
its native 2048 px can be shaken by 60-150 px or defocused by a disk of r 20-50: inside a 128 px tile that is a few
smooth ramps, which the network scored as doubtful (0.3-0.6) on real phone shots. These tiles are made at half
scale: a 2x region is downscaled, blurred there (shake / line 25-70 px, disk r 10-25), upscaled back, so the blur at
the analysis scale is 50-140 px (disk r 20-50). Then the ISP runs as for any blurry tile (noise, sharpening, JPEG:
a phone adds texture to blurry content). Label blurry; motion 1 for shake and line, 0 for disks. Directional labels:
nothing is crisp across the blur, so all four are 0 for disks and left to the loss's ignore value for motion.

Usage (inside finetune_real.py --big-blur-tiles N): make(pool, n, rng) -> X uint8 [n,3,128,128], yb, ym, yd.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

import blur_synthesis as bs
from tile_dataset import M, SHARP_RATIO, _geom, edge_ratio, luma, tile_texture

# well above the pool's 0.012: near-flat noisy tiles are what the engine's texture gate leaves out, and calling
# them blurry would teach that noise on a flat wall is blur
BIG_TEXTURE_MIN = 0.03


def _kernel(rng):
    """(kernel at half scale, motion label, directional label value)."""
    u = rng.uniform()
    if u < 0.45:
        k = bs.shake_kernel(rng.uniform(25.0, 60.0), rng)
        return k, 1.0, -1.0
    if u < 0.65:
        return bs.line_kernel(rng.uniform(25.0, 60.0), rng.uniform(0, math.pi)), 1.0, -1.0
    k, _ = bs.random_disk(rng, 10.0, 25.0)
    return k, 0.0, 0.0


def make(pool, n, rng):
    store = pool["store"]
    X = np.empty((n, 3, 128, 128), np.uint8)
    yb = np.ones(n, np.float32)
    ym = np.full(n, -1.0, np.float32)
    yd = np.full((n, 4), -1.0, np.float32)
    R = 128 + 2 * M  # the region at the analysis scale; blurred at half of it
    k = 0
    while k < n:
        vs = store[rng.integers(0, len(store))]
        a = vs[rng.integers(0, len(vs))]
        H, W = a.shape[:2]
        if min(H, W) < 2 * R:
            continue
        y0, x0 = rng.integers(0, H - 2 * R + 1), rng.integers(0, W - 2 * R + 1)
        reg = _geom(a[y0:y0 + 2 * R, x0:x0 + 2 * R], rng)
        c = R // 2
        # the tile's own content before the blur, at the analysis scale: only a tile that had crisp detail to
        # lose is labelled blurry, as the sharp side only labels crisp tiles (a smooth original, skin or sky,
        # would otherwise teach that smooth shading is blur)
        lo = luma(reg[c + M - 16:c + M + 144, c + M - 16:c + M + 144].astype(np.float32) / 255)
        if edge_ratio(lo) < SHARP_RATIO:
            continue
        x = torch.from_numpy(reg).permute(2, 0, 1).float()[None] / 255
        half = F.interpolate(x, size=(R, R), mode="bilinear", align_corners=False, antialias=True)
        kern, motion, crisp = _kernel(rng)
        kt = torch.from_numpy(np.asarray(kern, np.float32))
        half = bs.linear_light_blur(half, lambda v: bs.fft_blur(v, kt), rng.uniform(0.0, 4.0))
        full = F.interpolate(half, size=(2 * R, 2 * R), mode="bicubic", align_corners=False).clamp(0, 1)
        reg_x = full[:, :, c:c + R, c:c + R]
        if tile_texture(luma(reg_x[0, :, M:M + 128, M:M + 128].permute(1, 2, 0).numpy())) < BIG_TEXTURE_MIN:
            continue
        reg_x, _, _ = bs.any_isp(reg_x, rng, False)
        X[k] = (reg_x[0, :, M:M + 128, M:M + 128].clamp(0, 1) * 255 + 0.5).to(torch.uint8).numpy()
        ym[k] = motion
        yd[k] = crisp
        k += 1
    return X, yb, ym, yd
