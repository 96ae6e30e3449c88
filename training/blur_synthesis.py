"""Realistic blur / degradation synthesis (v2), applied to whole photo REGIONS before tiling.

Kernels live on a KS x KS support (KS=65, radius 32); regions carry a 32 px margin so the
central part of a circular FFT convolution is exact. All strengths are at the ANALYSIS scale.

Blurry (label 1) families:
  disk   : lens defocus, radius 2..25 px, soft rim (edge width 0.3..2.5 px), optional bright rim
           (soap-bubble) or centre-weighted profile, optional cat's-eye ellipticity, optional
           slight Gaussian                                                         motion=0
  gauss  : Gaussian defocus sigma 1.4..8                                            motion=0
  line   : linear motion 6..45 px, any angle                                       motion=1
  shake  : camera shake = random walk with momentum/inertia (curved, sometimes a
           dominant direction, jerks), equal-time samples so slow parts get more
           exposure, extent 6..45 px, sub-pixel rasterised (4x supersampling)      motion=1
  mixed  : defocus disk r 1.5..6 + shake 6..30 px                                   motion=ignore
  upscale: digital upscaling (antialiased downscale 2..4x, bicubic/bilinear up)     motion=ignore
Phone/camera ISP AFTER blur (same distribution for sharp and blurry so processing is no cue):
  high-ISO sensor noise -> mild denoise ->
  unsharp-mask sharpening (halos) -> contrast -> JPEG.
"Don't care" gap (never generated): disk r 0.8..2, Gaussian sigma 0.6..1.4, motion 2..6 px,
upscaling < 2x.
"""
import io
import math
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

KS = 65  # kernel support (radius 32)
MARGIN = KS // 2


def _grid(ks=KS, ss=4):
    r = ks // 2
    o = (np.arange(ss) + 0.5) / ss - 0.5
    c = np.arange(-r, r + 1)
    g = (c[:, None] + o[None, :]).reshape(-1)
    return np.meshgrid(g, g, indexing="ij"), ss


def _downsample(k, ss):
    n = k.shape[0] // ss
    return k.reshape(n, ss, n, ss).mean(axis=(1, 3))


def disk_kernel(radius, ks=KS, soft=0.0, rim=0.0, aspect=1.0, angle=0.0):
    """Antialiased defocus disk. soft: rim transition width (px); rim>0 bright rim, <0 centre-weighted;
    aspect<1: cat's-eye / elliptical aperture squeezed along `angle`."""
    (yy, xx), ss = _grid(ks)
    if aspect != 1.0:
        c, s = math.cos(angle), math.sin(angle)
        u = xx * c + yy * s
        v = -xx * s + yy * c
        d = np.sqrt((u / aspect) ** 2 + v ** 2)
    else:
        d = np.sqrt(yy ** 2 + xx ** 2)
    if soft > 0:
        k = np.clip((radius - d) / soft + 0.5, 0, 1)
    else:
        k = (d <= radius).astype(np.float64)
    if rim != 0.0:
        k = k * np.clip(1 + rim * ((d / max(radius, 1e-6)) ** 2 - 0.5), 0.05, None)
    k = _downsample(k, ss)
    return k / k.sum()


def gauss_kernel(sigma, ks=KS):
    r = ks // 2
    c = np.arange(-r, r + 1)
    g = np.exp(-c ** 2 / (2 * sigma ** 2))
    k = np.outer(g, g)
    return k / k.sum()


def _splat(points, ks=KS, ss=4, weights=None):
    """Accumulate trajectory points (px, centred at 0) into a kernel, 4x supersampled (sub-pixel)."""
    r = ks // 2
    n = ks * ss
    k = np.zeros((n, n))
    p = (points + r + 0.5) * ss
    ij = np.clip(np.round(p - 0.5).astype(int), 0, n - 1)
    np.add.at(k, (ij[:, 0], ij[:, 1]), 1.0 if weights is None else weights)
    k = _downsample(k, ss)
    return k / k.sum()


def _densify(pts, per_px=8):
    """Equal-TIME samples -> dense points; each segment carries the same exposure (weight),
    spread over its length (no gaps at fast parts, more energy where the camera was slow)."""
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    out, w = [], []
    for a, b, L in zip(pts[:-1], pts[1:], seg):
        m = max(1, int(math.ceil(L * per_px)))
        t = ((np.arange(m) + 0.5) / m)[:, None]
        out.append(a + (b - a) * t)
        w.append(np.full(m, 1.0 / m))
    return np.concatenate(out), np.concatenate(w)


def line_kernel(length, angle, ks=KS):
    t = np.linspace(-0.5, 0.5, max(64, int(length * 16)))
    pts = np.stack([t * length * math.sin(angle), t * length * math.cos(angle)], 1)
    return _splat(pts, ks)


def shake_trajectory(rng, n=200, direction=None):
    """Hand-shake during exposure: velocity with inertia (momentum), random accelerations,
    optional dominant direction (drift; always on, along `direction` +-pi, when one is given),
    occasional jerks. Samples are equal in TIME."""
    beta = rng.uniform(0.75, 0.97)
    if direction is None:
        drift = rng.uniform(0.3, 1.2) if rng.uniform() < 0.6 else 0.0
        d0 = rng.uniform(0, 2 * math.pi)
    else:
        drift = rng.uniform(0.6, 1.2)
        d0 = direction + (math.pi if rng.uniform() < 0.5 else 0.0)
    dvec = np.array([math.sin(d0), math.cos(d0)])
    v = rng.normal(size=2) * 0.5 + drift * dvec
    pts = [np.zeros(2)]
    jerk_t = rng.integers(0, n) if rng.uniform() < 0.3 else -1
    for t in range(n):
        a = rng.normal(size=2)
        if t == jerk_t:
            a = a * 6
        v = beta * v + (1 - beta) * (drift * dvec + a * 1.5)
        pts.append(pts[-1] + v)
    return np.array(pts)


def shake_kernel(extent, rng, ks=KS, direction=None):
    """Camera-shake kernel with bounding-box diagonal `extent` px (at the analysis scale)."""
    pts = shake_trajectory(rng, direction=direction)
    pts = pts - (pts.max(0) + pts.min(0)) / 2
    diag = float(np.linalg.norm(pts.max(0) - pts.min(0))) + 1e-9
    pts = pts * (extent / diag)
    p, w = _densify(pts)
    return _splat(p, ks, weights=w)


def _conv_same(a, b):
    from scipy.signal import fftconvolve
    c = fftconvolve(a, b, mode="same")
    c = np.clip(c, 0, None)
    return c / c.sum()


def random_disk(rng, rmin=2.0, rmax=25.0):
    r = math.exp(rng.uniform(math.log(rmin), math.log(rmax)))
    soft = rng.uniform(0.3, 2.5)
    u = rng.uniform()
    rim = rng.uniform(0.3, 1.2) if u < 0.25 else (-rng.uniform(0.3, 0.9) if u < 0.45 else 0.0)
    aspect = rng.uniform(0.65, 1.0) if rng.uniform() < 0.3 else 1.0
    k = disk_kernel(r, soft=soft, rim=rim, aspect=aspect, angle=rng.uniform(0, math.pi))
    if rng.uniform() < 0.4:
        k = _conv_same(k, gauss_kernel(rng.uniform(0.3, 1.2)))
    return k, r


def _extent(rng, lo=6.0, hi=45.0, hard_hi=20.0):
    """Blur length: half of the draws in the hard 6-20 px range, half over the full 6-45 px range."""
    top = hard_hi if rng.uniform() < 0.5 else hi
    return math.exp(rng.uniform(math.log(lo), math.log(top)))


def elongation(k):
    """sqrt(l1/l2) of the kernel's second-moment matrix (1 = isotropic, large = line-like)."""
    r = k.shape[0] // 2
    c = np.arange(-r, r + 1, dtype=np.float64)
    yy, xx = np.meshgrid(c, c, indexing="ij")
    my, mx = (k * yy).sum(), (k * xx).sum()
    syy = (k * (yy - my) ** 2).sum()
    sxx = (k * (xx - mx) ** 2).sum()
    sxy = (k * (yy - my) * (xx - mx)).sum()
    h = (syy + sxx) / 2
    d = math.sqrt(((syy - sxx) / 2) ** 2 + sxy ** 2)
    return math.sqrt((h + d) / max(h - d, 1e-3))


MOTION_MIN_EXTENT = 8.0   # shorter trails are labelled blurry but their motion label is ignored
MOTION_MIN_ELONG = 2.0    # curled-up (near isotropic) shake kernels: motion label ignored


def _motion_label(k, extent):
    return 1.0 if (extent >= MOTION_MIN_EXTENT and elongation(k) >= MOTION_MIN_ELONG) else -1.0


def sample_blur(rng, direction=None):
    """Returns (kernel or None, family, motion_label, upscale_factor).
    v3 mix: disk 24 %, Gaussian 8 %, line 14 %, shake 32 % (half of the motion lengths in the weak
    6-20 px range), mixed 10 %, upscaling 12 % (60 % of it 2-3x). Motion label 1 only for clearly
    elongated trails (>= 8 px, second-moment elongation >= 2), 0 for defocus, else ignored.
    direction: the line's angle / the shake's drift (0 = along x), uniform when None."""
    u = rng.uniform()
    if u < 0.24:
        k, _ = random_disk(rng)
        return k, "disk", 0.0, 0.0
    if u < 0.32:
        return gauss_kernel(math.exp(rng.uniform(math.log(1.4), math.log(8.0)))), "gauss", 0.0, 0.0
    if u < 0.46:
        L = _extent(rng)
        k = line_kernel(L, rng.uniform(0, math.pi) if direction is None else direction)
        return k, "line", _motion_label(k, L), 0.0
    if u < 0.78:
        E = _extent(rng)
        k = shake_kernel(E, rng, direction=direction)
        return k, "shake", _motion_label(k, E), 0.0
    if u < 0.88:
        k, _ = random_disk(rng, 1.5, 6.0)
        E = math.exp(rng.uniform(math.log(6), math.log(30)))
        return _conv_same(k, shake_kernel(E, rng)), "mixed", -1.0, 0.0
    f = rng.uniform(2.0, 3.0) if rng.uniform() < 0.6 else rng.uniform(3.0, 4.0)
    return None, "upscale", -1.0, f


def fft_blur(x, kernel):
    """x: [B,3,H,W] float; kernel [KS,KS] (centred). Circular FFT convolution (valid in the
    interior MARGIN px away from the border). Returns [B,3,H,W]."""
    B, C, H, W = x.shape
    r = KS // 2
    kp = torch.zeros(H, W, dtype=x.dtype)
    kp[:KS, :KS] = kernel
    kp = torch.roll(kp, shifts=(-r, -r), dims=(0, 1))
    X = torch.fft.rfft2(x)
    K = torch.fft.rfft2(kp)
    return torch.fft.irfft2(X * K, s=(H, W))


SRGB_GAMMA = 2.2
HIGHLIGHT_KNEE = 0.98  # sRGB values above this are treated as clipped: the scene was brighter there


def linear_light_blur(x, blur, gain):
    """Blur in linear light with highlights above white (a lamp or a sunlit sign is brighter than what
    the sensor recorded), then clip as the sensor does and return to sRGB. A smeared highlight keeps
    hard-looking edges where it clips, across the smear too: crisp-looking without being crisp."""
    x = x.clamp(0, 1)
    hl = ((x - HIGHLIGHT_KNEE) / (1 - HIGHLIGHT_KNEE)).clamp(0, 1)  # per channel: unblurred, nothing changes
    lin = x ** SRGB_GAMMA * (1 + gain * hl)
    return blur(lin).clamp(0, 1) ** (1 / SRGB_GAMMA)


def upscale_blur(x, f, rng):
    """x [1,3,H,W] -> downscale by f (antialiased) -> upscale back (bicubic or bilinear)."""
    H, W = x.shape[-2:]
    h, w = max(8, round(H / f)), max(8, round(W / f))
    d = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False, antialias=True)
    mode = "bicubic" if rng.uniform() < 0.7 else "bilinear"
    return F.interpolate(d, size=(H, W), mode=mode, align_corners=False).clamp(0, 1)


# ---------------------------------------------------------------- ISP / post-processing
def _gconv(x, sigma):
    r = max(2, int(math.ceil(3 * sigma)))
    k1 = torch.tensor(gauss_kernel(sigma, 2 * r + 1)[r], dtype=x.dtype)
    k1 = k1 / k1.sum()
    C = x.shape[1]
    xp = F.pad(x, (r, r, r, r), mode="reflect")
    xp = F.conv2d(xp, k1.view(1, 1, 1, -1).repeat(C, 1, 1, 1), groups=C)
    return F.conv2d(xp, k1.view(1, 1, -1, 1).repeat(C, 1, 1, 1), groups=C)


def unsharp(x, amount, sigma):
    return (x + amount * (x - _gconv(x, sigma))).clamp(0, 1)


def soften(x, sigma):
    return _gconv(x, sigma)


def denoise(x, sigma, alpha):
    """Mild, edge-aware-ish denoise: blend towards a Gaussian blur where local contrast is low."""
    b = _gconv(x, sigma)
    diff = (x - b).abs().mean(1, keepdim=True)
    w = alpha * torch.exp(-diff / 0.03)
    return x * (1 - w) + b * w


def add_noise(x, rng, smin=0.004, smax=0.04):
    """High-ISO-like noise: signal-dependent luma noise + weaker chroma noise, sometimes blotchy.
    Returns the noisy image and the nominal noise level (sd at mid-grey)."""
    s = rng.uniform(smin, smax)
    g = torch.Generator().manual_seed(int(rng.integers(0, 2 ** 31 - 1)))
    lum = torch.randn(1, 1, *x.shape[-2:], generator=g)
    chroma = torch.randn(1, 3, *x.shape[-2:], generator=g) * rng.uniform(0.1, 0.6)
    n = lum + chroma
    if rng.uniform() < 0.3:  # slightly correlated (demosaiced) noise
        n = soften(n.expand(1, 3, -1, -1).contiguous(), rng.uniform(0.5, 1.0)) * 1.8
    return _add_signal_dependent(x, n, s), s


def _add_signal_dependent(x, n, s):
    """x plus unit noise n scaled to sd s at mid-grey, more in highlights and less in shadows (shot noise)."""
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
    """Returns the image and the contrast gain applied."""
    c = rng.uniform(0.35, 1.0)
    m = x.mean()
    b = rng.uniform(-0.15, 0.15)
    return ((x - m) * c + m + b).clamp(0, 1), c


def isp(x, rng, sharp):
    """Phone/camera pipeline after the optics: noise -> denoise -> sharpening -> contrast -> JPEG.
    Same distribution for sharp and blurry images (only the optional softness is sharp-only).
    Returns the image, its nominal noise level (0 without noise) and the contrast gain applied after it."""
    x = x.clamp(0, 1)
    noise, gain = 0.0, 1.0
    if sharp and rng.uniform() < 0.3:
        x = soften(x, rng.uniform(0.25, 0.5))
    if rng.uniform() < 0.4:
        x, noise = add_noise(x, rng)
    if rng.uniform() < 0.35:
        x = denoise(x, rng.uniform(0.5, 1.0), rng.uniform(0.3, 0.8))
    if rng.uniform() < 0.6:
        x = unsharp(x, rng.uniform(0.3, 2.0), rng.uniform(0.7, 2.0))
    if rng.uniform() < 0.2:
        x, gain = contrast(x, rng)
    if rng.uniform() < 0.7:
        x = jpeg(x, rng.uniform(55, 98))
    return x.clamp(0, 1), noise, gain


def any_isp(x, rng, sharp):
    """The ISP the tile synthesis runs: isp() at the analysis scale."""
    return isp(x, rng, sharp)


def quantize(x):
    return torch.round(x * 255) / 255
