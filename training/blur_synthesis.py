"""Realistic blur / degradation synthesis on batches of crops (torch, FFT convolution).

Crops are CROP x CROP (160); kernels have radius <= 16 so the central 128x128
output of a circular FFT convolution is exact (no wrap-around).

Blurry (label 1) families, strengths measured at the ANALYSIS scale:
  disk   : lens defocus, antialiased disk radius 2..10 px (+ optional slight Gaussian), motion=0
  gauss  : Gaussian defocus sigma 1.4..5, motion=0
  line   : linear motion, length 6..30 px, any angle, motion=1
  shake  : camera shake, random-walk / spline trajectory, extent 6..30 px, motion=1
  upscale: digital upscaling, downscale by 2..4x then bicubic/bilinear upscale, motion=ignore
Sharp (label 0) variants: original (at several scales), mild phone softness
  (Gaussian sigma <= 0.5) + unsharp-mask halos, noise, JPEG, low contrast.
"Don't care" gap (never generated): disk radius 0.8..2, Gaussian sigma 0.6..1.4,
  motion length 2..6 px, upscaling < 2x.
"""
import io
import math
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

CROP = 160
KS = 33  # kernel support (radius 16)


def _grid(ks=KS, ss=4):
    r = ks // 2
    # supersampled coordinates for anti-aliasing
    o = (np.arange(ss) + 0.5) / ss - 0.5
    c = np.arange(-r, r + 1)
    g = (c[:, None] + o[None, :]).reshape(-1)
    return np.meshgrid(g, g, indexing="ij"), ss


def _downsample(k, ss):
    n = k.shape[0] // ss
    return k.reshape(n, ss, n, ss).mean(axis=(1, 3))


def disk_kernel(radius, ks=KS):
    (yy, xx), ss = _grid(ks)
    k = (yy ** 2 + xx ** 2 <= radius ** 2).astype(np.float64)
    k = _downsample(k, ss)
    return k / k.sum()


def gauss_kernel(sigma, ks=KS):
    r = ks // 2
    c = np.arange(-r, r + 1)
    g = np.exp(-c ** 2 / (2 * sigma ** 2))
    k = np.outer(g, g)
    return k / k.sum()


def _splat(points, ks=KS, ss=4):
    """Accumulate trajectory points (in px, centred at 0) into an antialiased kernel."""
    r = ks // 2
    n = ks * ss
    k = np.zeros((n, n))
    p = (points + r + 0.5) * ss
    ij = np.clip(np.round(p - 0.5).astype(int), 0, n - 1)
    np.add.at(k, (ij[:, 0], ij[:, 1]), 1.0)
    k = _downsample(k, ss)
    return k / k.sum()


def line_kernel(length, angle, ks=KS):
    t = np.linspace(-0.5, 0.5, max(64, int(length * 16)))
    pts = np.stack([t * length * math.sin(angle), t * length * math.cos(angle)], 1)
    return _splat(pts, ks)


def shake_kernel(extent, rng, ks=KS):
    """Camera-shake trajectory: random walk with momentum, rescaled to `extent` px max span."""
    n = 400
    v = rng.normal(size=2)
    v /= np.linalg.norm(v) + 1e-9
    pts = [np.zeros(2)]
    curv = rng.uniform(0.02, 0.3)  # mostly elongated, sometimes curved paths
    for _ in range(n):
        v = v + rng.normal(size=2) * curv
        v /= np.linalg.norm(v) + 1e-9
        pts.append(pts[-1] + v)
    pts = np.array(pts)
    # non-uniform speed (exposure spends more time at slow parts)
    w = rng.uniform(0.3, 1.0, size=len(pts))
    keep = rng.uniform(size=len(pts)) < w
    pts = pts[keep] if keep.sum() > 10 else pts
    pts -= (pts.max(0) + pts.min(0)) / 2
    span = np.abs(pts).max() * 2 + 1e-9
    pts *= extent / span
    return _splat(pts, ks)


def sample_blur(rng):
    """Returns (kernel or None, family, motion_label, upscale_factor)."""
    u = rng.uniform()
    if u < 0.30:
        r = math.exp(rng.uniform(math.log(2.0), math.log(10.0)))
        k = disk_kernel(r)
        if rng.uniform() < 0.5:
            k = _conv_same(k, gauss_kernel(rng.uniform(0.3, 0.8)))
        return k, "disk", 0.0, 0.0
    if u < 0.42:
        return gauss_kernel(math.exp(rng.uniform(math.log(1.4), math.log(5.0)))), "gauss", 0.0, 0.0
    if u < 0.60:
        L = math.exp(rng.uniform(math.log(6), math.log(30)))
        return line_kernel(L, rng.uniform(0, math.pi)), "line", 1.0, 0.0
    if u < 0.86:
        E = math.exp(rng.uniform(math.log(6), math.log(30)))
        return shake_kernel(E, rng), "shake", 1.0, 0.0
    return None, "upscale", -1.0, rng.uniform(2.0, 4.0)


def _conv_same(a, b):
    from scipy.signal import fftconvolve
    c = fftconvolve(a, b, mode="same")
    c = np.clip(c, 0, None)
    return c / c.sum()


def fft_blur(x, kernels):
    """x: [B,3,CROP,CROP] float; kernels: [B,KS,KS] (centred). Returns [B,3,128,128] central crop."""
    B, C, H, W = x.shape
    r = KS // 2
    kp = torch.zeros(B, H, W, dtype=x.dtype)
    kp[:, :KS, :KS] = kernels
    kp = torch.roll(kp, shifts=(-r, -r), dims=(1, 2))
    X = torch.fft.rfft2(x)
    K = torch.fft.rfft2(kp).unsqueeze(1)
    y = torch.fft.irfft2(X * K, s=(H, W))
    o = (H - 128) // 2
    return y[:, :, o:o + 128, o:o + 128]


def upscale_blur(x, f):
    """x [1,3,H,W] -> downscale by f (antialiased) -> upscale back (bicubic or bilinear)."""
    H, W = x.shape[-2:]
    h, w = max(8, round(H / f)), max(8, round(W / f))
    d = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False, antialias=True)
    mode = "bicubic" if np.random.uniform() < 0.7 else "bilinear"
    return F.interpolate(d, size=(H, W), mode=mode, align_corners=False).clamp(0, 1)


def center(x):
    o = (x.shape[-1] - 128) // 2
    return x[..., o:o + 128, o:o + 128]


# ---------------------------------------------------------------- post-processing
def unsharp(x, rng_amount, sigma):
    k = torch.tensor(gauss_kernel(sigma, 9), dtype=x.dtype)[None, None].repeat(3, 1, 1, 1)
    b = F.conv2d(F.pad(x, (4, 4, 4, 4), mode="reflect"), k, groups=3)
    return (x + rng_amount * (x - b)).clamp(0, 1)


def soften(x, sigma):
    k = torch.tensor(gauss_kernel(sigma, 9), dtype=x.dtype)[None, None].repeat(3, 1, 1, 1)
    return F.conv2d(F.pad(x, (4, 4, 4, 4), mode="reflect"), k, groups=3)


def add_noise(x, rng):
    """High-ISO-like noise: signal-dependent luma noise + weaker chroma noise, sometimes blotchy."""
    s = rng.uniform(0.004, 0.04)
    lum = torch.randn(1, 1, *x.shape[-2:])
    chroma = torch.randn(1, 3, *x.shape[-2:]) * rng.uniform(0.1, 0.6)
    n = lum + chroma
    if rng.uniform() < 0.3:  # slightly correlated (demosaiced / denoised) noise
        n = soften(n.expand(1, 3, -1, -1).contiguous(), rng.uniform(0.5, 1.0)) * 1.8
    sd = s * torch.sqrt(x.mean(1, keepdim=True).clamp(0.02, 1) / 0.5).clamp(0.3, 1.5)
    return (x + n * sd).clamp(0, 1)


def jpeg(x, q):
    a = (x[0].permute(1, 2, 0).numpy() * 255 + 0.5).clip(0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, format="JPEG", quality=int(q), subsampling=2 if q < 90 else 0)
    buf.seek(0)
    b = np.asarray(Image.open(buf).convert("RGB"), dtype=np.float32) / 255
    return torch.from_numpy(b).permute(2, 0, 1)[None]


def contrast(x, rng):
    c = rng.uniform(0.35, 1.0)
    m = x.mean()
    b = rng.uniform(-0.15, 0.15)
    return ((x - m) * c + m + b).clamp(0, 1)


def quantize(x):
    return torch.round(x * 255) / 255
