"""Photo-level validation on held-out photos (split by photo) + aggregation tuning (v2).

For every validation photo (engine preprocessing at the standard 2048 level) we build
SHARP variants: original, 50%-downscaled, strict level (4096 = native), phone ISP (soft +
noise + denoise + sharpen + JPEG), noisy, shallow-DoF with a large central subject (outside a
central ellipse defocused r=6), and shallow-DoF with a SMALL sharp subject (3-8 % / 8-15 % of
the frame, blob around the photo's crispest tile) on a strongly defocused background (soft disk
r 8-16) + phone ISP; and BLURRY variants of the WHOLE photo at the analysis scale: disk r=3
(6 px diameter, plain JPEG: the engine test), soft-rim disk r 6/12, Gaussian sigma 3, linear
motion 12/30/80 px, momentum camera shake 8/16/28/42/64/100 px, soft-rim disk r 20, Gaussian sigma 6,
defocus r3 + shake 14 px, 2x/3x upscaling, and (v4) a 40 px line and a 40 px shake along an image
axis, blurred in linear light with highlights brighter than white (hand shake is mostly horizontal or
vertical, so the scene's own lines run along it); all realistic ones go through the same phone ISP as
the sharp phone variant. Every variant is scored at the analysis scale and, for the coarse pass, at half
of it. Aggregation parameters, the coarse pass and thresholds are tuned on these, never on eval/.
"""
import io
import itertools
import math

import numpy as np
import torch
from PIL import Image
from scipy.ndimage import gaussian_filter, zoom
from scipy.signal import fftconvolve

import blur_synthesis as bs
from aggregate import (anisotropy_score, combine, directional_score, logit, photo_motion, photo_score, shake_context,
                       selected_blur, sigmoid, soft_frame)
from card import STRIDE
from preprocess import TILE, load_rgb, resize_for_analysis, tiles_from_array

# v4.1: dofXS, a sharp subject of 1-3 % of the frame (about 2-5 tiles at the analysis scale) on a
# defocused background: a small bird against a blurred forest is a keeper too. Smaller subjects (about
# one tile) are below what 128 px tiles resolve and are not promised.
TINY_DOF = [("dofXS", 0.01, 0.03)]
# v5.2: pan, a panned shot: the camera followed a subject of 5-15 % of the frame, which stays sharp, while the
# background streaks along a 20-60 px near-horizontal trail. A keeper, and the case the whole-frame shake rule
# must leave alone (its blurry tiles are motion, like a shaken frame's).
SHARP_V = ["orig", "half", "strict", "phone", "noisy", "bokeh", "dofS", "dofM"] + [t[0] for t in TINY_DOF] + ["pan"]
BLUR_V = [("disk3", "defocus"), ("disk6", "defocus"), ("disk12", "defocus"), ("gauss3", "defocus"),
          ("line12", "motion"), ("line30", "motion"), ("shake8", "motion"), ("shake16", "motion"),
          ("shake28", "motion"), ("shake42", "motion"), ("shake64", "motion"), ("shake100", "motion"),
          ("line80", "motion"), ("disk20", "defocus"), ("gauss6", "defocus"), ("mix", ""), ("up2", "upscale"),
          ("up3", "upscale"), ("lineAx40", "motion"), ("shakeAx40", "motion")]
COARSE_SCALES = (None, 0.5)  # candidates for the coarse pass (None = analysis scale only)
# the engine tests: these photos (+ coffee, in the training split) must be sharp at orig and half
ENGINE_SHARP = ("skimage__astronaut.png", "skimage__camera.png", "skimage__chelsea.png", "skimage__rocket.jpg",
                "skimage__coffee.png")


def _jpeg(a, q):
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, format="JPEG", quality=q)
    buf.seek(0)
    return np.asarray(Image.open(buf).convert("RGB"))


def _filter(f, k):
    r = k.shape[0] // 2
    p = np.pad(f, ((r, r), (r, r), (0, 0)), mode="reflect")
    return np.stack([fftconvolve(p[..., c], k, mode="valid") for c in range(3)], -1)


def _conv(a, k):
    o = _filter(a.astype(np.float32) / 255, k)
    return (np.clip(o, 0, 1) * 255 + 0.5).astype(np.uint8)


def _conv_linear(a, k, gain=6.0):
    """numpy twin of blur_synthesis.linear_light_blur: linear light, highlights above white, clip."""
    x = a.astype(np.float32) / 255
    hl = np.clip((x - bs.HIGHLIGHT_KNEE) / (1 - bs.HIGHLIGHT_KNEE), 0, 1)
    o = np.clip(_filter(x ** bs.SRGB_GAMMA * (1 + gain * hl), k), 0, 1) ** (1 / bs.SRGB_GAMMA)
    return (o * 255 + 0.5).astype(np.uint8)


def _t(a):
    return torch.from_numpy(np.array(a)).permute(2, 0, 1).float()[None] / 255


def _a(x):
    return (x[0].permute(1, 2, 0).clamp(0, 1).numpy() * 255 + 0.5).astype(np.uint8)


def _gf(x, s):
    return np.stack([gaussian_filter(x[..., c], s, mode="reflect") for c in range(x.shape[-1])], -1)


def np_noise(x, r, smin, smax):
    """numpy twin of blur_synthesis.add_noise (signal-dependent luma + weaker chroma noise)."""
    s = r.uniform(smin, smax)
    n = r.normal(size=x.shape[:2] + (1,)) + r.normal(size=x.shape) * r.uniform(0.1, 0.6)
    sd = s * np.clip(np.sqrt(np.clip(x.mean(2, keepdims=True), 0.02, 1) / 0.5), 0.3, 1.5)
    return np.clip(x + n * sd, 0, 1)


def phone_isp(a, seed, soften=0.0):
    """Fixed-strength phone pipeline (numpy twin of blur_synthesis.isp): [softness] -> sensor noise ->
    mild edge-aware denoise -> unsharp mask -> JPEG 88."""
    r = np.random.default_rng(seed)
    x = a.astype(np.float32) / 255
    if soften:
        x = _gf(x, soften)
    x = np_noise(x, r, 0.004, 0.015)
    b = _gf(x, 0.8)
    w = 0.5 * np.exp(-np.abs(x - b).mean(2, keepdims=True) / 0.03)
    x = x * (1 - w) + b * w
    amt = r.uniform(0.6, 1.4)
    x = np.clip(x + amt * (x - _gf(x, 1.0)), 0, 1)
    return _jpeg((x * 255 + 0.5).astype(np.uint8), 88)


def _crisp_centre(base):
    l = base.astype(np.float32).mean(2) / 255
    H, W = l.shape
    g = np.abs(l - gaussian_filter(l, 1.0))  # fine detail energy
    ny, nx = H // 128, W // 128
    e = g[:ny * 128, :nx * 128].reshape(ny, 128, nx, 128).mean(axis=(1, 3))
    iy, ix = np.unravel_index(np.argmax(e), e.shape)
    return iy * 128 + 64, ix * 128 + 64


def dof_variant(base, frac, rng, seed, background=None):
    H, W = base.shape[:2]
    cy, cx = _crisp_centre(base)
    asp = rng.uniform(0.6, 1.6)
    ry = math.sqrt(frac * H * W / math.pi * asp)
    rx = frac * H * W / math.pi / ry
    yy, xx = np.mgrid[0:H, 0:W]
    ang = np.arctan2(yy - cy, xx - cx)
    wob = 1 + 0.15 * np.sin(3 * ang + rng.uniform(0, 6)) + 0.08 * np.sin(5 * ang + rng.uniform(0, 6))
    inside = (((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2) <= wob ** 2
    m = gaussian_filter(inside.astype(np.float32), 2.0)[..., None]
    kern = background if background is not None else bs.disk_kernel(rng.uniform(8, 16), soft=1.5)
    bg = _conv(base, kern).astype(np.float32)
    comp = (base.astype(np.float32) * m + bg * (1 - m) + 0.5).astype(np.uint8)
    return phone_isp(comp, seed)


def variants(path, rng, seed):
    im = load_rgb(path)
    base_im = resize_for_analysis(im, 2048)
    base = np.asarray(base_im)
    H, W = base.shape[:2]
    out = {}
    out["orig"] = base
    half = base_im.resize((max(1, round(W / 2)), max(1, round(H / 2))), Image.LANCZOS)
    out["half"] = np.asarray(resize_for_analysis(half, 2048))
    out["strict"] = np.asarray(resize_for_analysis(im, 4096))
    out["phone"] = phone_isp(base, seed, soften=0.45)
    out["noisy"] = _jpeg((np_noise(base.astype(np.float32) / 255, np.random.default_rng(seed + 1), 0.004, 0.04)
                          * 255 + 0.5).astype(np.uint8), 90)
    yy, xx = np.mgrid[0:H, 0:W]
    inside = ((yy - H / 2) / (0.36 * H)) ** 2 + ((xx - W / 2) / (0.30 * W)) ** 2 <= 1
    bl = _conv(base, bs.disk_kernel(6))
    out["bokeh"] = _jpeg(np.where(inside[..., None], base, bl), 92)
    out["dofS"] = dof_variant(base, rng.uniform(0.03, 0.08), rng, seed + 2)
    out["dofM"] = dof_variant(base, rng.uniform(0.08, 0.15), rng, seed + 3)
    for j, (name, lo, hi) in enumerate(TINY_DOF):  # own generators: the other variants stay as they were
        g = np.random.default_rng(seed + 40 + j)
        out[name] = dof_variant(base, g.uniform(lo, hi), g, seed + 42 + j)
    g = np.random.default_rng(seed + 50)  # its own generator too
    pan = bs.line_kernel(g.uniform(20, 60), g.uniform(-0.3, 0.3))  # angle 0 = along x
    out["pan"] = dof_variant(base, g.uniform(0.05, 0.15), g, seed + 51, background=pan)
    for i, (name, _) in enumerate(BLUR_V):
        s = seed + 10 + i
        if name == "disk3":
            out[name] = _jpeg(_conv(base, bs.disk_kernel(3.0)), 90)
            continue
        axis = float(rng.integers(0, 2)) * math.pi / 2 if "Ax" in name else None
        if name.startswith("lineAx"):
            a = _conv_linear(base, bs.line_kernel(float(name[6:]), axis))
        elif name.startswith("shakeAx"):
            a = _conv_linear(base, bs.shake_kernel(float(name[7:]), rng, direction=axis))
        elif name.startswith("disk"):
            a = _conv(base, bs.disk_kernel(float(name[4:]), soft=1.0))
        elif name.startswith("gauss"):
            a = _conv(base, bs.gauss_kernel(float(name[5:])))
        elif name.startswith("line"):
            a = _conv(base, bs.line_kernel(float(name[4:]), rng.uniform(0, math.pi)))
        elif name.startswith("shake"):
            a = _conv(base, bs.shake_kernel(float(name[5:]), rng))
        elif name == "mix":
            k = bs._conv_same(bs.disk_kernel(3.0, soft=1.0), bs.shake_kernel(14.0, rng))
            a = _conv(base, k)
        else:
            f = float(name[2:])
            sm = base_im.resize((round(W / f), round(H / f)), Image.LANCZOS)
            a = np.asarray(sm.resize((W, H), Image.BICUBIC))
        out[name] = phone_isp(a, s)
    return out


def tile_outputs(model, arr, predict):
    t, _ = tiles_from_array(arr, STRIDE)
    return predict(model, t)


def coarse_image(arr, scale):
    """The engine's coarse pass: the analysis image downscaled (Lanczos); None where it would be
    smaller than one tile."""
    H, W = arr.shape[:2]
    w, h = math.floor(W * scale + 0.5), math.floor(H * scale + 0.5)  # JavaScript's Math.round, as the engine
    if min(w, h) < TILE:
        return None
    return np.asarray(Image.fromarray(arr).resize((w, h), Image.LANCZOS))


def pass_outputs(model, arr, predict):
    """Tile outputs at the analysis scale and at every coarse-pass candidate scale."""
    out = {None: tile_outputs(model, arr, predict)}
    for c in COARSE_SCALES:
        if c is not None:
            small = coarse_image(arr, c)
            out[c] = tile_outputs(model, small, predict) if small is not None else None
    return out


def auroc(neg, pos):
    neg, pos = np.asarray(neg), np.asarray(pos)
    if len(neg) == 0 or len(pos) == 0:
        return float("nan")
    gt = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    return float(gt)


def pass_score(o, p):
    iso_min = p.get("isotropyMin")
    iso = o[:, 3] if iso_min is not None else None
    s = photo_score(o[:, 0], o[:, 2], p["quantile"], p["textureMin"], p["minTextured"], iso, iso_min)
    c = p.get("shakeContext")
    if c is not None:
        sq = shake_context(o[:, 0], o[:, 1], o[:, 2], c["quantile"], c["fraction"], c["motionMin"], c["minTiles"],
                           p["textureMin"], p["minTextured"], iso, iso_min, s, c.get("headMin", 0.0),
                           c.get("subjectTileBlur"))
        if sq is not None:
            s = max(s, sq)
    m = photo_motion(o[:, 0], o[:, 1], o[:, 2], p["textureMin"], p["minTextured"], 0.5, iso, iso_min)
    return s, m


def unsure_scale(o, p):
    """coarseWhenUnsure (v5.4): the scale of the second pass when no selected analysis-scale tile is confidently sharp
    (the sharpest has blur >= minTileBlur), else None. Without a confidently sharp region there is no subject for the
    low quantile to protect, and blur too large for a tile at the analysis scale shows at the coarse one. With
    softFrame (v5.7), also when the frame is soft all over (aggregate.soft_frame): its sharpest tile only a little
    sharper than the next, and not standing out from the rest as a subject would."""
    c = p.get("coarseWhenUnsure")
    if c is None:
        return None
    iso_min = p.get("isotropyMin")
    iso = o[:, 3] if iso_min is not None else None
    b = selected_blur(o[:, 0], o[:, 2], p["textureMin"], p["minTextured"], iso, iso_min)
    if b[0] >= c["minTileBlur"]:
        return c["scale"]
    s = c.get("softFrame")
    if s is not None and soft_frame(b, s["minTileBlur"], s["subjectGap"], s["medianMin"]):
        return c["scale"]
    return None


def evaluate(res, p):
    """res: list of (photo, variant, label, btype, {scale: outputs[n,4 or 8]}). Returns per-variant
    (photo, variant, label, btype, score, typeScore). With a coarse pass the head score is the higher of
    the two passes, and the motion-head value comes from the pass that scored higher (the one that sees
    the blur). With `directional` (v4) the photo score is combine(head, directional score of the
    analysis-scale pass) and typeScore = w * motion head + (1 - w) * directional anisotropy (max - min
    evidence over the directions), w = typeHeadWeight."""
    sc = []
    coarse = p.get("coarseScale")
    d = p.get("directional")
    w = p.get("typeHeadWeight", 1.0)
    for ph, v, lab, bt, outs in res:
        s, m = pass_score(outs[None], p)
        second = coarse if coarse is not None else unsure_scale(outs[None], p)
        if second is not None and outs.get(second) is not None:
            s2, m2 = pass_score(outs[second], p)
            if s2 > s:
                s, m = s2, m2
        spread = 0.0  # the blur type's max - min of the evidence (not the anisotropy rule)
        if d is not None:
            o = outs[None]
            sd, ev = directional_score(o[:, 4:8], o[:, 2], d["k"], d["textureMin"])
            an = d.get("anisotropy")
            sa = anisotropy_score(o[:, 4:8], o[:, 2], an["k"], an["textureMin"], an["clip"]) if an else None
            s = combine(s, sd, d["logitShift"], d["combine"], sa, an["logitShift"] if an else 0.0)
            spread = float(ev.max() - ev.min())
            c = outs.get(second) if coarse is None and second is not None else None
            if an and c is not None and p["coarseWhenUnsure"].get("anisotropy"):
                ca = anisotropy_score(c[:, 4:8], c[:, 2], an["k"], an["textureMin"], an["clip"])
                s = max(s, sigmoid(logit(ca) + an["logitShift"]))
        sc.append((ph, v, lab, bt, s, w * m + (1 - w) * spread))
    return sc


# Lexicographic: never flag a sharp validation photo if any setting avoids it, then catch the most blurry
# ones (v3 used 3, which let one flagged keeper buy seven caught blurry photos).
TNR_WEIGHT = 1000.0


def choose_threshold(sc):
    neg = np.array([s for _, _, l, _, s, _ in sc if l == 0])
    pos = np.array([s for _, _, l, _, s, _ in sc if l == 1])
    cands = np.unique(np.concatenate([neg, pos, [0.5]]))
    best = None
    for t in cands:
        tpr = (pos >= t).mean()
        tnr = (neg < t).mean()
        key = TNR_WEIGHT * tnr + tpr
        if best is None or key > best[0] + 1e-12:
            best = (key, t, tpr, tnr)
    # centre the threshold in the gap around the best cut (in logit space)
    t = best[1]
    lo = neg[neg < t].max() if (neg < t).any() else 0.0
    hi = pos[pos >= t].min() if (pos >= t).any() else 1.0
    lg = lambda z: math.log(max(z, 1e-6) / max(1 - z, 1e-6))
    mid = 1 / (1 + math.exp(-(lg(lo) + lg(min(hi, t))) / 2)) if hi >= t else t
    mid = min(max(mid, lo + 1e-6), t) if lo < t else t
    margin = lg(min(hi, t)) - lg(lo)
    return mid, best, margin


def summarize(sc, thr, mthr):
    neg = [s for _, _, l, _, s, _ in sc if l == 0]
    pos = [s for _, _, l, _, s, _ in sc if l == 1]
    tpr = float(np.mean([s >= thr for s in pos]))
    tnr = float(np.mean([s < thr for s in neg]))
    per = {}
    for _, v, l, _, s, _ in sc:
        per.setdefault(v, []).append(int((s >= thr) == (l == 1)))
    typ = [(bt == "motion") == (m >= mthr) for _, _, l, bt, s, m in sc
           if l == 1 and bt in ("motion", "defocus") and s >= thr]
    return {"TPR": round(tpr, 4), "TNR": round(tnr, 4), "AUROC": round(auroc(neg, pos), 4),
            "blurTypeAccuracy": round(float(np.mean(typ)) if typ else float("nan"), 4),
            "nSharp": len(neg), "nBlurry": len(pos),
            "perVariantAccuracy": {k: round(float(np.mean(v)), 3) for k, v in per.items()}}


def collect(model, val_paths, seed, predict, log=print, extra=None):
    """Tile outputs of every validation variant. extra: optional {name: model} scored on the same
    variants (e.g. the previous model, for comparison)."""
    rng = np.random.default_rng(seed)
    res = []
    res_x = {k: [] for k in (extra or {})}
    bt = dict(BLUR_V)
    for i, p in enumerate(val_paths):
        vs = variants(p, rng, seed * 1000 + i * 50)
        for v, arr in vs.items():
            lab = 0 if v in SHARP_V else 1
            res.append((p, v, lab, bt.get(v, ""), pass_outputs(model, arr, predict)))
            for k, mx in (extra or {}).items():
                res_x[k].append((p, v, lab, bt.get(v, ""), pass_outputs(mx, arr, predict)))
        log("  validation photo %d/%d" % (i + 1, len(val_paths)))
    return res, res_x


TUNE_GRID = {"quantile": (0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5),
             "textureMin": (0.01, 0.02, 0.03, 0.05, 0.08, 0.12),
             "isotropyMin": (0.0, 0.03, 0.06, 0.1, 0.15, 0.2, 0.25, 0.3),
             "minTextured": (3, 6, 10, 16), "coarseScale": COARSE_SCALES}


def tune(res, use_isotropy=True, grid=None, safety=()):
    """Grid search of the aggregation (and whether to add the coarse pass) on validation; returns the
    winner, its scores, and the best setting for each coarse-pass choice (for the card). `grid` narrows
    TUNE_GRID (same keys); `safety` is more validation whose sharp photos the whole-frame shake and coarse-when-unsure
    rules must not raise either (see tune_shake_context, tune_coarse_when_unsure, tune_soft_frame)."""
    g = dict(TUNE_GRID, **(grid or {}))
    isos = g["isotropyMin"] if use_isotropy else [None]
    grid = itertools.product(g["quantile"], g["textureMin"], isos, g["minTextured"], g["coarseScale"])
    best = None
    per_coarse = {}
    for q, tm, im, k, cs in grid:
        p = {"quantile": q, "textureMin": tm, "minTextured": k}
        if im is not None:
            p["isotropyMin"] = im
        if cs is not None:
            p["coarseScale"] = cs
        sc = evaluate(res, p)
        thr, (key, _, tpr, tnr), margin = choose_threshold(sc)
        neg = np.array([s for _, _, l, _, s, _ in sc if l == 0])
        pos = np.array([s for _, _, l, _, s, _ in sc if l == 1])
        au = auroc(neg, pos)
        k2 = (round(key, 4), round(au, 3), round(margin, 3))
        if best is None or k2 > best[0]:
            best = (k2, p, thr, sc)
        if cs not in per_coarse or k2 > per_coarse[cs][0]:
            per_coarse[cs] = (k2, dict(p, threshold=round(float(thr), 4)), tpr, tnr, au)
    alternatives = {("coarse %s" % cs if cs else "analysis scale only"):
                    {"aggregation": v[1], "TPR": round(float(v[2]), 4), "TNR": round(float(v[3]), 4),
                     "AUROC": round(float(v[4]), 4), "key (TNR first, then TPR; AUROC; margin)": list(v[0])}
                    for cs, v in per_coarse.items()}
    _, p, thr, sc = best
    p["threshold"] = round(float(thr), 4)
    p, dir_alternatives = tune_directional(res, p)
    if dir_alternatives:
        alternatives["directional"] = dir_alternatives
        p, aniso_alternatives = tune_anisotropy(res, p)
        alternatives["directionalAnisotropy"] = aniso_alternatives
    p, context_alternatives = tune_shake_context(res, p, safety)
    alternatives["shakeContext"] = context_alternatives
    p, unsure_alternatives = tune_coarse_when_unsure(res, p, safety)
    alternatives["coarseWhenUnsure"] = unsure_alternatives
    p, soft_alternatives = tune_soft_frame(res, p, safety)
    alternatives["softFrame"] = soft_alternatives
    p = tune_type(res, p)
    return p, evaluate(res, p), alternatives


DIR_K = (1, 2, 3, 4, 6)
DIR_TEXTURE_MIN = (0.0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12)
ANISO_K = (1, 2, 3)
ANISO_CLIP = (0.95, 0.98, 0.99)


def _or_thresholds(head, dirs, lab):
    """Best pair of cuts for "blurry if head >= th OR directional >= td" (either may be off = inf):
    TNR first, then TPR, then the smaller logit gap between each cut and the highest sharp score kept
    below it. Returns (key, th, td, lo_h, lo_d, margin)."""
    pos, neg = lab == 1, lab == 0
    ch = np.concatenate([np.unique(head[pos]), [np.inf]])
    cd = np.concatenate([np.unique(dirs[pos]), [np.inf]])
    H = head[None, :] >= ch[:, None]
    D = dirs[None, :] >= cd[:, None]
    tpr = (H[:, None, pos] | D[None, :, pos]).mean(axis=2)
    tnr = 1 - (H[:, None, neg] | D[None, :, neg]).mean(axis=2)
    key = np.round(TNR_WEIGHT * tnr + tpr, 6)

    def below(scores, cuts):
        sn = np.sort(scores[neg])
        i = np.searchsorted(sn, cuts, side="left")
        return np.where(i > 0, sn[np.maximum(i - 1, 0)], 0.0)
    lo_h, lo_d = below(head, ch), below(dirs, cd)
    gap = lambda lo, cut: np.array([99.0 if not np.isfinite(c) else logit(c) - logit(l) for l, c in zip(lo, cut)])
    mh, md = gap(lo_h, ch), gap(lo_d, cd)
    margin = np.minimum(mh[:, None], md[None, :])
    top = key == key.max()
    i, j = np.unravel_index(np.argmax(np.where(top, margin, -np.inf)), key.shape)
    return float(key[i, j]), float(ch[i]), float(cd[j]), float(lo_h[i]), float(lo_d[j]), float(margin[i, j])


def _centre(lo, cut):
    return sigmoid((logit(lo) + logit(cut)) / 2)


def tune_directional(res, p, log=print):
    """With the head aggregation fixed, try adding the directional score (v4 models): k and textureMin
    of the evidence, and the pair of thresholds. Returns the parameters with the winner (or p unchanged
    when the head alone is as good) and the best result for each choice (for the card)."""
    if res[0][4][None].shape[1] < 8:
        return p, {}
    lab = np.array([r[2] for r in res])
    head = np.array([r[4] for r in evaluate(res, p)])
    base = _or_thresholds(head, np.zeros_like(head), lab)  # directional never fires: the head alone
    best = (base[0], base[5]), None
    alternatives = {"head only": {"key": base[0], "threshold": p["threshold"]}}
    for k, tm in itertools.product(DIR_K, DIR_TEXTURE_MIN):
        dirs = np.array([directional_score(r[4][None][:, 4:8], r[4][None][:, 2], k, tm)[0] for r in res])
        for mode, h in (("max", head), ("directional-only", np.zeros_like(head))):
            key, th, td, lo_h, lo_d, margin = _or_thresholds(h, dirs, lab)
            if not np.isfinite(td):
                continue
            t_dir = _centre(lo_d, td)
            if mode == "max" and np.isfinite(th):
                t_head = _centre(lo_h, th)
                d = {"k": k, "textureMin": tm, "combine": "max", "logitShift": logit(t_head) - logit(t_dir)}
                thr = t_head
            else:
                d = {"k": k, "textureMin": tm, "combine": "directional-only", "logitShift": 0.0}
                thr = t_dir
            name = "%s k=%d textureMin=%.2f" % (mode, k, tm)
            alternatives[name] = {"key": key, "margin": round(margin, 3)}
            if (round(key, 4), round(margin, 3)) > (round(best[0][0], 4), round(best[0][1], 3)):
                best = (key, margin), (d, thr)
    log("directional tuning: head only key %.4f; best %s" % (base[0], best))
    if best[1] is None:
        return p, alternatives
    d, thr = best[1]
    d["logitShift"] = round(d["logitShift"], 4)
    return dict(p, directional=d, threshold=round(float(thr), 4)), alternatives


def tune_anisotropy(res, p, log=print):
    """With the head and directional score fixed, try adding directional anisotropy (v4.1) as one more way to
    be flagged: the sharp variants stay below the threshold (its cut sits between the highest sharp value and
    the lowest blurry one above it, centred in logit space), so it can only add caught blurry variants. Kept
    only if it does; the most added, then the widest logit gap, wins."""
    lab = np.array([r[2] for r in res])
    t = p["threshold"]
    caught = np.array([s >= t for *_, s, _ in evaluate(res, p)])
    base_tpr = caught[lab == 1].mean()
    best, alternatives = None, {"without": {"TPR": round(float(base_tpr), 4)}}
    for k, tm, clip in itertools.product(ANISO_K, DIR_TEXTURE_MIN, ANISO_CLIP):
        a = np.array([anisotropy_score(r[4][None][:, 4:8], r[4][None][:, 2], k, tm, clip) for r in res])
        lo = a[lab == 0].max()
        above = (lab == 1) & (a > lo)
        if not above.any():
            continue
        cut = a[above].min()
        tpr = (caught | above)[lab == 1].mean()
        margin = logit(cut) - logit(lo)
        alternatives["k=%d textureMin=%.2f clip=%.2f" % (k, tm, clip)] = {"TPR": round(float(tpr), 4),
                                                                           "margin": round(margin, 3)}
        key = (round(float(tpr), 4), round(margin, 3))
        if tpr > base_tpr and (best is None or key > best[0]):
            shift = logit(t) - logit(_centre(lo, cut))
            best = key, {"k": k, "textureMin": tm, "clip": clip, "logitShift": round(shift, 4)}
    log("anisotropy tuning: without %.4f; best %s" % (base_tpr, best))
    if best is None:
        return p, alternatives
    return dict(p, directional=dict(p["directional"], anisotropy=best[1])), alternatives


def _at_threshold(res, p):
    """Labels, the tuned threshold, every variant's score and the blurry share caught: what a later rule must beat."""
    lab = np.array([r[2] for r in res])
    t = p["threshold"]
    base = np.array([s for *_, s, _ in evaluate(res, p)])
    return lab, t, base, (base[lab == 1] >= t).mean()


def _sharp_raised(sharp, p, base):
    """How many of the `sharp` variants score higher with p than `base` (their scores without the rule p adds)."""
    return int((np.array([s for *_, s, _ in evaluate(sharp, p)]) > base + 1e-9).sum()) if sharp else 0


def _safety_baseline(safety, p):
    """The safety draws' sharp variants and their scores under p: what a rule tuned on top of p must not raise."""
    sharp = [r for r in safety if r[2] == 0]
    return sharp, np.array([s for *_, s, _ in evaluate(sharp, p)])


CONTEXT_FRACTION = (0.5, 0.6, 0.7, 0.8)
CONTEXT_MOTION_MIN = (0.6, 0.7, 0.8, 0.85, 0.9)
CONTEXT_QUANTILE = (0.1, 0.15, 0.25, 0.35, 0.5)
CONTEXT_MIN_TILES = (6, 12, 20)
CONTEXT_HEAD_MIN = (0.0, 0.1, 0.2, 0.3, 0.4)
CONTEXT_SUBJECT_TILE = (None, 0.03, 0.05, 0.08, 0.1)


def tune_shake_context(res, p, safety=(), log=print):
    """With everything else fixed, try the whole-frame shake rule (v5.1) at the tuned threshold. It must not raise
    the score of any sharp validation photo at all (not merely keep it under the threshold): a rule that fires on
    a sharp frame has not recognised whole-frame shake. The most caught blurry variants win, then the widest
    logit gap between the threshold and the highest sharp score, then the higher head floor, then the more tiles
    required, then the lower quantile, then the lower subject-tile guard (none first). Kept only if it adds any.
    Its no-raise check also runs on the `safety` variants (v5.6): on draw 1236 the 5.5 rule flagged a panned keeper
    whose subject is one confident tile among twelve (chelsea, sharpest tile 0.04, head 0.30), which draw 1235 has no
    case of; the subject-tile guard (`subjectTileBlur`) is what lets the rule keep its reach there."""
    lab, t, base, base_tpr = _at_threshold(res, p)
    safe_sharp, safe_base = _safety_baseline(safety, p)
    best, alternatives = None, {"without": {"TPR": round(float(base_tpr), 4)}}
    for f, m, q, n, h, g in itertools.product(CONTEXT_FRACTION, CONTEXT_MOTION_MIN, CONTEXT_QUANTILE, CONTEXT_MIN_TILES,
                                              CONTEXT_HEAD_MIN, CONTEXT_SUBJECT_TILE):
        c = {"fraction": f, "motionMin": m, "quantile": q, "minTiles": n, "headMin": h,
             **({"subjectTileBlur": g} if g is not None else {})}
        s = np.array([r for *_, r, _ in evaluate(res, dict(p, shakeContext=c))])
        if (s[lab == 0] > base[lab == 0] + 1e-9).any():  # it fires on a sharp photo: not a whole-frame shake rule
            continue
        tpr = (s[lab == 1] >= t).mean()
        kept = s[(lab == 0) & (s < t)]
        margin = logit(t) - logit(kept.max()) if len(kept) else 99.0
        alt = alternatives["fraction=%.2f motionMin=%.2f quantile=%.2f minTiles=%d headMin=%.2f subjectTileBlur=%s" % (
            f, m, q, n, h, g)] = {"TPR": round(float(tpr), 4), "margin": round(margin, 3)}
        if tpr <= base_tpr or (best is not None and round(float(tpr), 4) < best[0][0]):
            continue  # cannot win: the safety draws are not scored
        if _sharp_raised(safe_sharp, dict(p, shakeContext=c), safe_base):
            alt["safetyRaised"] = True
            continue
        key = (round(float(tpr), 4), round(margin, 3), h, n, -q, -(g or 0.0))
        if best is None or key > best[0]:
            best = key, c
    log("shake-context tuning: without %.4f; best %s" % (base_tpr, best))
    if best is None:
        return p, alternatives
    return dict(p, shakeContext=best[1]), alternatives


UNSURE_SCALE = 0.5
UNSURE_MIN_TILE_BLUR = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def tune_coarse_when_unsure(res, p, safety=(), log=print):
    """With everything else fixed, try the coarse pass for frames without a confidently sharp tile (v5.4), at the
    tuned threshold, with and without the directional anisotropy rule on that pass too. Like the shake rule, it must
    not raise the score of any sharp validation photo at all. The most caught blurry variants win, then the higher
    minTileBlur (the rule that fires on fewer frames), then the head alone. Kept only if it adds any; never with an
    always-on coarse pass. The rule fires on whole frames that a synthetic small subject barely keeps out (on draw
    1235 the tightest keeper's sharpest tile is 0.21, and that draw alone picks 0.25), so its no-raise check also runs
    on the `safety` variants (other synthetic draws), whose blurry ones do not count."""
    if p.get("coarseScale") is not None:
        return p, {}
    lab, t, base, base_tpr = _at_threshold(res, p)
    safe_sharp, safe_base = _safety_baseline(safety, p)
    best, alternatives = None, {"without": {"TPR": round(float(base_tpr), 4)}}
    aniso_options = (False, True) if p.get("directional", {}).get("anisotropy") else (False,)
    for m, aniso in itertools.product(UNSURE_MIN_TILE_BLUR, aniso_options):
        c = {"scale": UNSURE_SCALE, "minTileBlur": m, **({"anisotropy": True} if aniso else {})}
        s = np.array([r for *_, r, _ in evaluate(res, dict(p, coarseWhenUnsure=c))])
        raised = int((s[lab == 0] > base[lab == 0] + 1e-9).sum())
        raised += _sharp_raised(safe_sharp, dict(p, coarseWhenUnsure=c), safe_base)
        tpr = (s[lab == 1] >= t).mean()
        alternatives["minTileBlur=%.2f%s" % (m, " anisotropy" if aniso else "")] = {"TPR": round(float(tpr), 4),
                                                                                     "sharpRaised": raised}
        if raised:
            continue
        key = (round(float(tpr), 4), m, not aniso)
        if tpr > base_tpr and (best is None or key > best[0]):
            best = key, c
    log("coarse-when-unsure tuning: without %.4f; best %s" % (base_tpr, best))
    if best is None:
        return p, alternatives
    return dict(p, coarseWhenUnsure=best[1]), alternatives


# Under 0.2 a tile is confidently sharp: the line the shake rule's headMin draws (tuned 0.2 since 5.3). The grid starts
# there; at 0.15 the rule fires on the synthetic Blinds keepers of the unseen draw 1237 (not over the threshold).
SOFT_MIN_TILE_BLUR = (0.2, 0.25, 0.3)
SOFT_SUBJECT_GAP = (0.2, 0.3, 0.4, 0.5)
SOFT_MEDIAN_MIN = (0.4, 0.5, 0.6, 0.7)


def tune_soft_frame(res, p, safety=(), log=print):
    """With everything else fixed, try coarseWhenUnsure.softFrame (v5.7): the coarse pass also for frames whose sharpest
    tile is only moderately sharp and does not stand out as a subject. Same checks as tune_coarse_when_unsure: no sharp
    photo's score may rise at all, here or among the `safety` variants. The most caught blurry variants win, then the
    rule that fires on fewer frames (the higher minTileBlur, the smaller subjectGap, the higher medianMin). Kept only
    if it adds any."""
    c = p.get("coarseWhenUnsure")
    if c is None:
        return p, {}
    lab, t, base, base_tpr = _at_threshold(res, p)
    safe_sharp, safe_base = _safety_baseline(safety, p)
    best, alternatives = None, {"without": {"TPR": round(float(base_tpr), 4)}}
    for m, gap, med in itertools.product(SOFT_MIN_TILE_BLUR, SOFT_SUBJECT_GAP, SOFT_MEDIAN_MIN):
        if m >= c["minTileBlur"]:
            continue
        q = dict(p, coarseWhenUnsure=dict(c, softFrame={"minTileBlur": m, "subjectGap": gap, "medianMin": med}))
        s = np.array([r for *_, r, _ in evaluate(res, q)])
        raised = int((s[lab == 0] > base[lab == 0] + 1e-9).sum()) + _sharp_raised(safe_sharp, q, safe_base)
        tpr = (s[lab == 1] >= t).mean()
        alternatives["minTileBlur=%.2f subjectGap=%.2f medianMin=%.2f" % (m, gap, med)] = {
            "TPR": round(float(tpr), 4), "sharpRaised": raised}
        key = (round(float(tpr), 4), m, -gap, med)
        if not raised and tpr > base_tpr and (best is None or key > best[0]):
            best = key, q
    log("soft-frame tuning: without %.4f; best %s" % (base_tpr, best and best[1]["coarseWhenUnsure"]["softFrame"]))
    return (p, alternatives) if best is None else (best[1], alternatives)


TYPE_HEAD_WEIGHTS = (1.0, 0.75, 0.5, 0.25, 0.0)


def tune_type(res, p):
    """Blur-type rule on the flagged motion / defocus validation variants: typeScore = w * motion head +
    (1 - w) * directional anisotropy >= motionThreshold. Highest accuracy, then the threshold closest
    to 0.5, then the larger head weight."""
    weights = TYPE_HEAD_WEIGHTS if "directional" in p else (1.0,)
    best = None
    for w in weights:
        sc = evaluate(res, dict(p, typeHeadWeight=w))
        ms = [(m, bt == "motion") for _, _, l, bt, s, m in sc
              if l == 1 and bt in ("motion", "defocus") and s >= p["threshold"]]
        for t in np.arange(0.1, 0.91, 0.05):
            k = (float(np.mean([(m >= t) == y for m, y in ms])) if ms else 0.0, -abs(t - 0.5), w)
            if best is None or k > best[0]:
                best = (k, w, round(float(t), 2))
    out = dict(p, motionThreshold=best[2])
    if "directional" in p:
        out["typeHeadWeight"] = best[1]
    return out


def report(p, sc, n_photos, log=print):
    summ = summarize(sc, p["threshold"], p["motionThreshold"])
    summ["at0.5"] = {k: v for k, v in summarize(sc, 0.5, p["motionThreshold"]).items() if k in ("TPR", "TNR")}
    summ["photos"] = n_photos
    summ["variants"] = {"sharp": SHARP_V, "blurry": [v for v, _ in BLUR_V]}
    summ["command"] = "/usr/bin/python3 training/train.py --photos <photos> (validation runs at the end of training)"
    wrong = [(p_.split("/")[-1], v, round(s, 3)) for p_, v, l, _, s, _ in sc if (s >= p["threshold"]) != (l == 1)]
    summ["errors"] = wrong[:40]
    log("aggregation:", p)
    log("validation:", {k: summ[k] for k in ("TPR", "TNR", "AUROC", "blurTypeAccuracy")})
    log("per variant:", summ["perVariantAccuracy"])
    log("errors:", wrong[:40])
    return summ


def engine_checks(model, photo_paths, p, predict, log=print):
    """The engine tests: listed sharp photos at orig + 50% downscale must be sharp; a 6 px-diameter
    disk defocus of them must be flagged."""
    out = {}
    for path in photo_paths:
        name = path.split("/")[-1]
        if name not in ENGINE_SHARP:
            continue
        base_im = resize_for_analysis(load_rgb(path), 2048)
        base = np.asarray(base_im)
        W, H = base_im.size
        half = np.asarray(resize_for_analysis(base_im.resize((round(W / 2), round(H / 2)), Image.LANCZOS), 2048))
        d6 = _conv(base, bs.disk_kernel(3.0))
        r = {}
        for v, a in (("orig", base), ("half", half), ("disk6px", d6)):
            r[v] = round(evaluate([(path, v, 0, "", pass_outputs(model, a, predict))], p)[0][4], 3)
        r["ok"] = bool(r["orig"] < p["threshold"] and r["half"] < p["threshold"] and r["disk6px"] >= p["threshold"])
        out[name] = r
    log("engine checks:", out)
    return out


def run(model, val_paths, pool_rng_seed, predict, log=print, all_paths=None):
    import os
    extra = {}
    cmp_ckpt = os.environ.get("CRISP_COMPARE_CKPT")  # optional, log-only comparison with a previous model
    if cmp_ckpt:
        from model import load_model
        extra["previous"] = load_model(torch.load(cmp_ckpt, map_location="cpu"))
    res, res_x = collect(model, val_paths, pool_rng_seed, predict, log, extra)
    log("validation: %d photo variants from %d photos" % (len(res), len(val_paths)))
    for k, rx in res_x.items():
        for use_iso in (False, True):
            po, sco, _ = tune(rx, use_iso)
            log("COMPARE %s (isotropy gate %s), tuned on this split:" % (k, use_iso))
            report(po, sco, len(val_paths), log)
    p, sc, alternatives = tune(res, True)
    summ = report(p, sc, len(val_paths), log)
    summ["tunedAlternatives"] = alternatives
    log("best per coarse-pass choice:", alternatives)
    if all_paths:
        summ["engineChecks"] = engine_checks(model, all_paths, p, predict, log)
    return p, summ
