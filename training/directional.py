"""Directional crispness labels (v4): does a tile show crisp detail whose intensity changes along
direction theta (0, 45, 90, 135 degrees; 0 = along x, 90 = along y; an edge counts for the bin its
normal falls in, +-22.5 degrees)?

Motion blur only removes detail along its own direction: edges parallel to a shake stay crisp. A
tile-level "blurry / sharp" label cannot tell a shaken tile that holds one crisp wire from a sharp
tile. Per direction it can, and the aggregation then asks for SOME tile with crisp detail along
EVERY direction.

The labels come from the clean photo and the exact kernel the synthesis applied, not from the
blurred pixels (a fine/coarse gradient ratio cannot tell blurred texture from crisp texture: blur
is linear, and so is the ratio's response to a texture):
  1. crisp pixels of the ORIGINAL: Gaussian-derivative gradient at sigma 0.7 ("contrast", scaled
     so a crisp unit step reads 1 at its ridge) and its ratio to the gradient at sigma 2 ("rho",
     1 for a crisp step, 0.84 for an edge already blurred by 0.5 px, 0.64 by 1 px), with the
     gradient's orientation phi (its normal);
  2. how much of an edge with normal phi survives the kernel: the kernel projected onto phi,
     smoothed like the fine gradient, peak relative to a crisp step's ("survival", 1 = untouched,
     ~0.6 for a 2 px box, 0.7 for a sharp copy holding 70 % of the exposure);
  3. per bin: label 1 if at least MIN_PIXELS pixels survive strongly (contrast * survival >= the
     contrast floor, survival >= SURVIVE_HI, rho >= RHO_HI: an edge of ~16 px, or fine texture); label 0
     if at most MAX_LOOSE pixels pass the looser test (half the floor); otherwise ignored.
The contrast floor (contrast_floor) is CONTRAST_MIN in the final image (low-contrast detail in fog is
still crisp detail) or, where the ISP then adds noise, NOISE_MARGIN times its level: the fine gradient of
noise of sd s stays under 3.1 s at 99.9 % of pixels, so an edge above that floor is visible through it.
"""
import math

import numpy as np
from scipy.ndimage import gaussian_filter

ANGLES = (0.0, 45.0, 90.0, 135.0)
S_FINE, S_COARSE = 0.7, 2.0
CONTRAST_MIN, NOISE_MARGIN = 0.02, 3.0
RHO_HI, RHO_LO = 0.78, 0.66
SURVIVE_HI, SURVIVE_LO = 0.75, 0.6
MIN_PIXELS, MAX_LOOSE = 16, 3
_SUB = 4  # projection histogram: 4 bins per pixel


def _grad(l, s):
    gx = gaussian_filter(l, s, order=(0, 1), mode="reflect")
    gy = gaussian_filter(l, s, order=(1, 0), mode="reflect")
    return gx, gy


def _calibrate():
    """Peak |grad| of a discrete unit step at each scale (so a crisp step reads exactly 1)."""
    l = np.zeros((64, 64))
    l[:, 32:] = 1.0
    return {s: float(np.hypot(*_grad(l, s)).max()) for s in (S_FINE, S_COARSE)}


_PEAK = _calibrate()


def pixel_maps(l):
    """l: HxW luma (0..1) of the clean image -> contrast, rho, normal orientation (integer degrees 0..179)."""
    l = l.astype(np.float64)
    fx, fy = _grad(l, S_FINE)
    cx, cy = _grad(l, S_COARSE)
    mf = np.hypot(fx, fy) / _PEAK[S_FINE]
    mc = np.hypot(cx, cy) / _PEAK[S_COARSE]
    rho = mf / (mc + 1e-6)
    phi = np.round(np.degrees(np.arctan2(fy, fx))).astype(np.int64) % 180
    return mf, rho, phi


def _gauss_profile():
    r = int(math.ceil(4 * S_FINE * _SUB))
    t = np.arange(-r, r + 1) / _SUB
    g = np.exp(-t ** 2 / (2 * S_FINE ** 2))
    return g / g.sum()


_G = _gauss_profile()


def kernel_survival(kernel):
    """[180] survival of an edge with normal phi (degrees) under `kernel` (KxK, sums to 1)."""
    r = kernel.shape[0] // 2
    c = np.arange(-r, r + 1, dtype=np.float64)
    yy, xx = np.meshgrid(c, c, indexing="ij")
    nz = kernel > 0
    w, x, y = kernel[nz], xx[nz], yy[nz]
    ph = np.radians(np.arange(180))
    t = np.cos(ph)[:, None] * x[None] + np.sin(ph)[:, None] * y[None]   # [180, n]
    nb = 2 * r * _SUB + 1
    idx = np.clip(np.round((t + r) * _SUB).astype(np.int64), 0, nb - 1)
    flat = (idx + nb * np.arange(180)[:, None]).reshape(-1)
    hist = np.bincount(flat, weights=np.tile(w, 180), minlength=180 * nb).reshape(180, nb)
    sm = np.stack([np.convolve(h, _G, mode="same") for h in hist])
    return sm.max(axis=1) / _G.max()


IDENTITY = np.ones(180)


PHOTO_NOISE_CAP = 0.012  # above this the finest band is texture (fur, grass), not grain


def photo_noise(l):
    """Noise level of the clean photo itself (its grain is not scene detail): robust (MAD) sd of the
    finest diagonal wavelet band, capped because in fine texture that band is texture."""
    h, w = (l.shape[0] // 2) * 2, (l.shape[1] // 2) * 2
    a = l[:h, :w].astype(np.float64)
    hh = (a[0::2, 0::2] - a[1::2, 0::2] - a[0::2, 1::2] + a[1::2, 1::2]) / 2
    return min(float(np.median(np.abs(hh))) / 0.6745, PHOTO_NOISE_CAP)


def contrast_floor(noise=0.0, gain=1.0, own_noise=0.0):
    """The clean-image contrast an edge needs to count: CONTRAST_MIN in the final image (after the
    ISP's contrast gain), and NOISE_MARGIN times both the photo's own grain and the noise the ISP added."""
    return max(CONTRAST_MIN / gain, NOISE_MARGIN * max(noise, own_noise))


def tile_labels(l_orig, origins, survival=IDENTITY, mask=None, floor=CONTRAST_MIN, size=128):
    """Labels [n_tiles, 4] in {1, 0, -1 (ignore)} for the tiles at `origins` [(oy, ox)].
    l_orig: clean luma of the region; survival: [180] from kernel_survival (identity: sharp);
    mask: optional per-pixel survival factor in 0..1 (shallow DoF: the sharp subject's matte);
    floor: contrast_floor of the ISP that followed."""
    mf, rho, phi = pixel_maps(l_orig)
    f = survival[phi]
    if mask is not None:
        f = f * mask
    con = mf * f
    strong = (con >= floor) & (f >= SURVIVE_HI) & (rho >= RHO_HI)
    loose = (con >= floor / 2) & (f >= SURVIVE_LO) & (rho >= RHO_LO)
    dbin = np.round(phi / 45.0).astype(np.int64) % 4
    out = []
    for oy, ox in origins:
        s = (slice(oy, oy + size), slice(ox, ox + size))
        ns = np.bincount(dbin[s][strong[s]], minlength=4)
        nl = np.bincount(dbin[s][loose[s]], minlength=4)
        lab = np.full(4, -1.0, np.float32)
        lab[ns >= MIN_PIXELS] = 1.0
        lab[nl <= MAX_LOOSE] = 0.0
        out.append(lab)
    return np.stack(out)
