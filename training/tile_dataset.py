"""Tile dataset (v2): blur is applied to whole photo REGIONS (2x2 tiles + kernel margin) before
tiling, then the phone/camera ISP, then the tiles are cut - so every tile of a shaken region is
labelled blurry, whatever its content (edges parallel to the shake stay sharp; the isotropy gate
of the aggregation handles such tiles at the photo level).

Photo store: each training photo at several scales (native = strict level, analysis 2048 long
edge, 0.5x and 0.3x of that = downscaled sharp photos).

Region kinds:
  sharp : label 0 per tile if the ORIGINAL tile is crisp (edge_ratio >= SHARP_RATIO; real photos
          contain out-of-focus backgrounds and fog, those tiles are dropped) and textured.
  blurry: whole region convolved with one sampled kernel (or upscaled); label 1 per textured tile.
  dof   : synthetic shallow depth of field: a random blob-shaped sharp subject (15-50 % of the
          region) on a strongly defocused background (disk r 4-20). Tiles with >= 15 % subject
          and crisp content are SHARP (a small sharp subject makes a tile sharp), tiles with
          <= 1 % subject are blurry, the rest are dropped.

Directional crispness labels (v4, directional.py) for every kept tile: from the clean region and
the kernel that blurred it (sharp: identity; dof: the subject's matte; upscaling: nothing survives).
"""
import math
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from scipy.ndimage import gaussian_filter, zoom

import blur_synthesis as bs
import directional as dr
from preprocess import load_rgb, resize_for_analysis

SHARP_RATIO = 2.3      # edge_ratio needed to call a tile sharp
TEXTURE_MIN_POOL = 0.012
M = bs.MARGIN          # 32 px margin around the tiles of a region


def luma(a):
    return 0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2]


def _gradmag(l):
    gy = np.zeros_like(l)
    gx = np.zeros_like(l)
    gy[:-1] = l[1:] - l[:-1]
    gx[:, :-1] = l[:, 1:] - l[:, :-1]
    return np.sqrt(gx ** 2 + gy ** 2)


def edge_ratio(l):
    """l: 160x160 luma window around a 128 tile. Strongest fine-scale gradients vs gradients after
    a sigma-2 blur (~5 for a sharp step edge, ~1-1.5 for an already-blurred edge)."""
    g0 = _gradmag(l)[16:144, 16:144]
    g2 = _gradmag(gaussian_filter(l, 2.0))[16:144, 16:144]
    return float(np.percentile(g0, 99) / (np.percentile(g2, 99) + 1e-6))


def tile_texture(l):
    return float(l.reshape(32, 4, 32, 4).mean(axis=(1, 3)).std())


def dominant_edge_direction(l):
    """Angle (0 = along x, y down) along which the region's edges mostly run: the structure tensor's
    weak axis."""
    gy, gx = np.gradient(l.astype(np.float64))
    jxx, jyy, jxy = (gx * gx).sum(), (gy * gy).sum(), (gx * gy).sum()
    return 0.5 * math.atan2(2 * jxy, jxx - jyy) + math.pi / 2


P_ALONG_EDGES, P_ALONG_AXIS = 0.35, 0.25
P_LINEAR_LIGHT = 0.6


def motion_direction(l, rng):
    """Hand shake often runs along the scene's own lines (horizontal pans, man-made scenes), which
    leaves the edges parallel to it crisp: 35 % along the region's dominant edges, 25 % along an image
    axis (both +- 2 degrees), else any direction (None)."""
    u = rng.uniform()
    if u < P_ALONG_EDGES:
        a = dominant_edge_direction(l)
    elif u < P_ALONG_EDGES + P_ALONG_AXIS:
        a = float(rng.integers(0, 2)) * math.pi / 2
    else:
        return None
    return a + rng.normal(0, math.radians(2))


def optics(x, kern, rng):
    """The kernel applied in sRGB, or (P_LINEAR_LIGHT of the time) in linear light with clipped
    highlights that were brighter than white."""
    k = torch.from_numpy(kern).float()
    if rng.uniform() < P_LINEAR_LIGHT:
        return bs.linear_light_blur(x, lambda v: bs.fft_blur(v, k), rng.uniform(2.0, 12.0))
    return bs.fft_blur(x, k)


def scaled_versions(im):
    out = []
    out.append(("native", np.asarray(im)))
    a = resize_for_analysis(im, 2048)
    if a.size != im.size:
        out.append(("std", np.asarray(a)))
    for f in (0.5, 0.3):
        nw, nh = round(a.size[0] * f), round(a.size[1] * f)
        if min(nw, nh) >= 128 + 2 * M:
            out.append(("x%.1f" % f, np.asarray(a.resize((nw, nh), Image.LANCZOS))))
    return out


def build_pool(paths, rng, log=print):
    """Photo store: list (per photo) of uint8 arrays at several scales."""
    store = []
    for p in paths:
        im = load_rgb(p)
        vs = [a for _, a in scaled_versions(im) if min(a.shape[:2]) >= 128 + 2 * M]
        if vs:
            store.append(vs)
    log("photo store: %d photos, %d scaled versions, %.0f MB" % (
        len(store), sum(len(v) for v in store), sum(a.nbytes for v in store for a in v) / 1e6))
    return {"store": store}


def _geom(a, rng):
    a = np.rot90(a, rng.integers(0, 4))
    if rng.uniform() < 0.5:
        a = a[:, ::-1]
    return np.ascontiguousarray(a)


def _blob_mask(h, w, frac, rng):
    """Smooth random blob(s) covering ~frac of the area, lightly feathered."""
    g = rng.normal(size=(6, 6))
    f = zoom(g, (h / 6, w / 6), order=3)[:h, :w]
    yy, xx = np.mgrid[0:h, 0:w]
    cy, cx = rng.uniform(0.25, 0.75) * h, rng.uniform(0.25, 0.75) * w
    f = f - 1.5 * (((yy - cy) / h) ** 2 + ((xx - cx) / w) ** 2) * 4  # one dominant subject
    t = np.quantile(f, 1 - frac)
    m = (f >= t).astype(np.float32)
    return gaussian_filter(m, rng.uniform(0.5, 1.5))


def make_tiles(pool, n, rng, p_blur=0.5, p_dof=0.1, log=print, out=None):
    """Returns uint8 tiles [n,3,128,128], blur label [n], motion label [n] (-1 = ignore), directional
    crispness labels [n,4] (-1 = ignore), family list."""
    store = pool["store"]
    if out is None:
        out = np.empty((n, 3, 128, 128), np.uint8)
    yb = np.zeros(n, np.float32)
    ym = np.full(n, -1.0, np.float32)
    yd = np.full((n, 4), -1.0, np.float32)
    fam = []
    k = 0
    regions = 0
    while k < n:
        vs = store[rng.integers(0, len(store))]
        a = vs[rng.integers(0, len(vs))]
        H, W = a.shape[:2]
        g = 2 if min(H, W) >= 256 + 2 * M else 1
        R = 128 * g + 2 * M
        y0, x0 = rng.integers(0, H - R + 1), rng.integers(0, W - R + 1)
        reg = _geom(a[y0:y0 + R, x0:x0 + R], rng)
        lo = luma(reg.astype(np.float32) / 255)
        # per-tile stats of the ORIGINAL content
        stats = []
        for ty in range(g):
            for tx in range(g):
                oy, ox = M + 128 * ty, M + 128 * tx
                t = lo[oy:oy + 128, ox:ox + 128]
                stats.append((oy, ox, tile_texture(t), None))
        if max(s[2] for s in stats) < TEXTURE_MIN_POOL:
            continue
        origins = [(oy, ox) for oy, ox, _, _ in stats]
        regions += 1
        u = rng.uniform()
        x = torch.from_numpy(reg).permute(2, 0, 1).float()[None] / 255
        labels = []
        if u < p_dof:
            kind, mot, famname = "dof", -1.0, "dof"
            frac = rng.uniform(0.15, 0.5)
            mask = _blob_mask(R, R, frac, rng)
            kern, _ = bs.random_disk(rng, 4.0, 20.0)
            bg = optics(x, kern, rng)
            mt = torch.from_numpy(mask)[None, None]
            x = x * mt + bg * (1 - mt)
            comp = luma(x[0].permute(1, 2, 0).clamp(0, 1).numpy())
            for oy, ox, tex, _ in stats:
                mf = float(mask[oy:oy + 128, ox:ox + 128].mean())
                if tex < TEXTURE_MIN_POOL:
                    labels.append(None)
                elif mf >= 0.15 and edge_ratio(lo[oy - 16:oy + 144, ox - 16:ox + 144]) >= SHARP_RATIO \
                        and edge_ratio(comp[oy - 16:oy + 144, ox - 16:ox + 144]) >= SHARP_RATIO:
                    labels.append(0)
                elif mf <= 0.01:
                    labels.append(1)
                else:
                    labels.append(None)
            sharp_isp = True
            survival, matte = dr.IDENTITY, mask
        elif u < p_dof + p_blur:
            kern, famname, mot, up = bs.sample_blur(rng, motion_direction(lo, rng))
            if kern is None:
                x = bs.upscale_blur(x, up, rng)
                survival, matte = None, None  # nothing survives upscaling
            else:
                x = optics(x, kern, rng)
                survival, matte = dr.kernel_survival(kern), None
            labels = [1 if tex >= TEXTURE_MIN_POOL else None for _, _, tex, _ in stats]
            sharp_isp = False
        else:
            famname, mot = "sharp", -1.0
            labels = [0 if (tex >= TEXTURE_MIN_POOL and
                            edge_ratio(lo[oy - 16:oy + 144, ox - 16:ox + 144]) >= SHARP_RATIO) else None
                      for oy, ox, tex, _ in stats]
            sharp_isp = True
            survival, matte = dr.IDENTITY, None
        if all(l is None for l in labels):
            continue
        x, noise, gain = bs.any_isp(x, rng, sharp_isp)
        # crisp detail must also stand out of the noise the ISP added
        dlab = (np.zeros((len(origins), 4), np.float32) if survival is None
                else dr.tile_labels(lo, origins, survival, matte, dr.contrast_floor(noise, gain, dr.photo_noise(lo))))
        for (oy, ox, _, _), lab, dl in zip(stats, labels, dlab):
            if lab is None or k >= n:
                continue
            t = x[0, :, oy:oy + 128, ox:ox + 128]
            out[k] = (t.clamp(0, 1) * 255 + 0.5).to(torch.uint8).numpy()
            yb[k] = lab
            ym[k] = mot if lab == 1 else -1.0
            yd[k] = dl
            fam.append(famname if lab == 1 or famname != "dof" else "dof-sharp")
            k += 1
        if regions % 2000 == 0:
            log("  synth: %d regions, %d tiles" % (regions, k))
    return out, yb, ym, yd, fam
