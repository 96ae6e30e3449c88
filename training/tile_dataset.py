"""Tile dataset: sharp crop pool from the training photos + synthetic degradations.

Pool: each training photo at several scales (native = strict level for <=4096 px photos,
analysis 2048 long edge, 0.5x and 0.3x of that = downscaled sharp photos). Random 160x160
crops (128 tile + 16 px margin for the blur kernels).

Tile labelling of real photos: photos are sharp, but shallow-DoF backgrounds / fog are not
sharp TILES. A crop is a SHARP source only if its Laplacian energy drops a lot under a
sigma-1.5 Gaussian blur (ratio >= SHARP_RATIO); soft crops (bokeh backgrounds, fog) are
never labelled sharp - they are only used as sources for blurry tiles (blurring them
further is unambiguously blurry). Crops with almost no texture (sky) are not used.
"""
import math
import numpy as np
import torch
from PIL import Image
from scipy.ndimage import gaussian_filter, laplace

import blur_synthesis as bs
from preprocess import load_rgb, resize_for_analysis

SHARP_RATIO = 2.3      # edge_ratio needed to call a crop a sharp source
TEXTURE_MIN_POOL = 0.012


def luma(a):
    return 0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2]


def crop_stats(c):
    """c: 160x160x3 uint8 -> (texture of centre tile, sharpness ratio)."""
    l = luma(c.astype(np.float32) / 255)
    cen = l[16:144, 16:144]
    tex = cen.reshape(32, 4, 32, 4).mean(axis=(1, 3)).std()
    return float(tex), edge_ratio(l)


def _gradmag(l):
    gy = np.zeros_like(l)
    gx = np.zeros_like(l)
    gy[:-1] = l[1:] - l[:-1]
    gx[:, :-1] = l[:, 1:] - l[:, :-1]
    return np.sqrt(gx ** 2 + gy ** 2)


def edge_ratio(l):
    """Strongest fine-scale gradients vs gradients after a sigma-2 blur (~5 for a sharp step
    edge, ~1-1.5 for an already-blurred edge). 99th percentiles so real edges dominate noise."""
    g0 = _gradmag(l)[16:144, 16:144]
    g2 = _gradmag(gaussian_filter(l, 2.0))[16:144, 16:144]
    return float(np.percentile(g0, 99) / (np.percentile(g2, 99) + 1e-6))


def scaled_versions(im):
    out = []
    w, h = im.size
    out.append(("native", np.asarray(im)))
    a = resize_for_analysis(im, 2048)
    if a.size != im.size:
        out.append(("std", np.asarray(a)))
    for f in (0.5, 0.3):
        nw, nh = round(a.size[0] * f), round(a.size[1] * f)
        if min(nw, nh) >= 192:
            out.append(("x%.1f" % f, np.asarray(a.resize((nw, nh), Image.LANCZOS))))
    return out


def build_pool(paths, rng, per_tile=0.8, cap=160, log=print):
    crops, tex, ratio, pid = [], [], [], []
    for i, p in enumerate(paths):
        im = load_rgb(p)
        for name, a in scaled_versions(im):
            H, W = a.shape[:2]
            if H < bs.CROP or W < bs.CROP:
                continue
            n = int(min(cap, max(4, per_tile * H * W / 128 ** 2)))
            for _ in range(n):
                y = rng.integers(0, H - bs.CROP + 1)
                x = rng.integers(0, W - bs.CROP + 1)
                c = a[y:y + bs.CROP, x:x + bs.CROP]
                t, r = crop_stats(c)
                if t < TEXTURE_MIN_POOL:
                    continue
                crops.append(np.ascontiguousarray(c))
                tex.append(t)
                ratio.append(r)
                pid.append(i)
    pool = dict(crops=np.stack(crops), tex=np.array(tex), ratio=np.array(ratio), pid=np.array(pid))
    log("pool: %d crops from %d photos, sharp-ok %.2f" % (len(crops), len(paths), (pool["ratio"] >= SHARP_RATIO).mean()))
    return pool


def _aug_geom(c, rng):
    k = rng.integers(0, 4)
    c = np.rot90(c, k)
    if rng.uniform() < 0.5:
        c = c[:, ::-1]
    return np.ascontiguousarray(c)


def _post(x, rng, sharp):
    """x [1,3,h,w] float -> realistic camera/phone pipeline steps."""
    if sharp and rng.uniform() < 0.35:  # mild phone softness (+ usually sharpening below)
        x = bs.soften(x, rng.uniform(0.25, 0.5))
    if rng.uniform() < (0.5 if sharp else 0.3):  # sharpening halos
        x = bs.unsharp(x, rng.uniform(0.3, 1.5), rng.uniform(0.7, 2.0))
    if rng.uniform() < 0.2:
        x = bs.contrast(x, rng)
    if rng.uniform() < 0.35:
        x = bs.add_noise(x, rng)
    return x


def make_tiles(pool, n, rng, p_blur=0.5, log=print):
    """Returns uint8 tiles [n,3,128,128], blur label [n], motion label [n] (-1 = ignore), family list."""
    crops = pool["crops"]
    pid = pool["pid"]
    counts = np.bincount(pid)
    w = 1.0 / np.sqrt(counts[pid])
    w /= w.sum()
    sharp_ok = pool["ratio"] >= bs_ratio()
    w_sharp = w * sharp_ok
    w_sharp /= w_sharp.sum()
    out = np.empty((n, 3, 128, 128), np.uint8)
    yb = np.zeros(n, np.float32)
    ym = np.full(n, -1.0, np.float32)
    fam = []
    B = 64
    for s in range(0, n, B):
        m = min(B, n - s)
        isblur = rng.uniform(size=m) < p_blur
        kern, idx_k = [], []
        batch = []
        for j in range(m):
            if isblur[j]:
                ci = rng.choice(len(crops), p=w)
            else:
                ci = rng.choice(len(crops), p=w_sharp)
            c = _aug_geom(crops[ci], rng)
            x = torch.from_numpy(c).permute(2, 0, 1).float()[None] / 255
            if isblur[j]:
                k, f, mot, up = bs.sample_blur(rng)
                yb[s + j] = 1
                ym[s + j] = mot
                fam.append(f)
                if k is None:
                    x = bs.upscale_blur(x, up)
                else:
                    kern.append(torch.from_numpy(k).float())
                    idx_k.append(j)
            else:
                fam.append("sharp")
            batch.append(x)
        X = torch.cat(batch)
        if idx_k:
            Y = bs.fft_blur(X[idx_k], torch.stack(kern))
        res = []
        kk = 0
        for j in range(m):
            if idx_k and kk < len(idx_k) and idx_k[kk] == j:
                x = Y[kk:kk + 1]
                kk += 1
            else:
                x = bs.center(X[j:j + 1])
            x = _post(x.clamp(0, 1), rng, not isblur[j])
            if rng.uniform() < 0.55:
                x = bs.jpeg(x, rng.uniform(55, 98))
            res.append(x)
        R = torch.cat(res)
        out[s:s + m] = (R.clamp(0, 1) * 255 + 0.5).to(torch.uint8).numpy()
    return out, yb, ym, fam


def bs_ratio():
    return SHARP_RATIO
