"""Engine-equivalent preprocessing (mirrors the TypeScript engine contract).

EXIF-rotate -> 8-bit sRGB RGB -> Lanczos3 resize so long edge = analysis longEdge
(never upscale; upscale only if the short side would be < 128) -> tile grid.
"""
import numpy as np
from PIL import Image, ImageOps

TILE = 128


def load_rgb(path):
    im = Image.open(path)
    im = ImageOps.exif_transpose(im)
    if im.mode in ("RGBA", "LA", "P", "PA"):
        im = im.convert("RGBA").convert("RGB") if im.mode != "LA" else im.convert("L").convert("RGB")
    elif im.mode != "RGB":
        im = im.convert("RGB")
    return im


def resize_for_analysis(im, long_edge):
    """PIL image -> PIL image at analysis scale (Lanczos3, never upscale; short side >= 128)."""
    w, h = im.size
    s = min(1.0, long_edge / max(w, h))
    nw, nh = max(1, round(w * s)), max(1, round(h * s))
    if min(nw, nh) < TILE:
        s2 = TILE / min(nw, nh)
        nw, nh = max(TILE, round(nw * s2)), max(TILE, round(nh * s2))
    if (nw, nh) != (w, h):
        im = im.resize((nw, nh), Image.LANCZOS)
    return im


def grid(L, T=TILE, S=96):
    xs = []
    x = 0
    while x + T <= L:
        xs.append(x)
        x += S
    if not xs:
        return [0]
    if xs[-1] + T < L:
        xs.append(L - T)
    return xs


def tiles_from_array(arr, stride):
    """arr: HxWx3 uint8 -> float32 [N,3,128,128] in 0..1, plus list of (y,x)."""
    H, W = arr.shape[:2]
    ys, xs = grid(H, TILE, stride), grid(W, TILE, stride)
    out = np.empty((len(ys) * len(xs), 3, TILE, TILE), np.float32)
    pos = []
    i = 0
    for y in ys:
        for x in xs:
            out[i] = arr[y:y + TILE, x:x + TILE].transpose(2, 0, 1)
            pos.append((y, x))
            i += 1
    out /= 255.0
    return out, pos


def texture_np(tiles):
    """Same as the in-graph texture output: luma, 4x4 avg pool, population std."""
    l = 0.299 * tiles[:, 0] + 0.587 * tiles[:, 1] + 0.114 * tiles[:, 2]
    n = l.shape[0]
    p = l.reshape(n, 32, 4, 32, 4).mean(axis=(2, 4))
    return p.reshape(n, -1).std(axis=1)


def isotropy_np(tiles):
    """Same as the in-graph isotropy output (structure tensor of the 4x4-pooled luma)."""
    l = 0.299 * tiles[:, 0] + 0.587 * tiles[:, 1] + 0.114 * tiles[:, 2]
    n = l.shape[0]
    p = l.reshape(n, 32, 4, 32, 4).mean(axis=(2, 4)).astype(np.float64)
    ix = (p[:, 1:-1, 2:] - p[:, 1:-1, :-2]) / 2
    iy = (p[:, 2:, 1:-1] - p[:, :-2, 1:-1]) / 2
    jxx, jyy, jxy = (ix * ix).sum((1, 2)), (iy * iy).sum((1, 2)), (ix * iy).sum((1, 2))
    d = np.sqrt(((jxx - jyy) / 2) ** 2 + jxy ** 2)
    l1 = (jxx + jyy) / 2 + d
    l2 = np.maximum((jxx + jyy) / 2 - d, 0)
    return l2 / (l1 + 1e-8)
