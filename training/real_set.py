"""The real photo set (../shared/data/real): labels, the scene split, cached tile outputs, per-set rates.

Labels come from the folder (`SET/sharp/...`, `SET/blurry/...`), the blur type from MANIFEST.tsv, the part
(`fit` / `heldout`) from SPLIT.tsv. Tile outputs are computed exactly as validation does (engine
preprocessing at the standard level) and cached per checkpoint, so tuning the aggregation is cheap.
"""
import csv
import hashlib
import os

import numpy as np

from preprocess import load_rgb, resize_for_analysis

SETS = ("lai-shake", "night-shake", "phone-triplets", "phone-sharp", "urban-sharp", "bokeh-keepers")
# what the issue promises per set (flagged share for blurry photos, kept share for sharp ones)
TARGETS = {("lai-shake", 1): 0.90, ("night-shake", 1): 0.90, ("phone-triplets", 1): 0.95,
           ("lai-shake", 0): 0.97, ("phone-triplets", 0): 0.97, ("phone-sharp", 0): 0.97,
           ("urban-sharp", 0): 0.97, ("bokeh-keepers", 0): 0.95}


def load(root):
    """-> list of dicts {file, path, set, label (1 blurry), btype, part, scene}."""
    split = {r["file"]: r for r in csv.DictReader(open(os.path.join(root, "SPLIT.tsv")), delimiter="\t")}
    man = {r["file"]: r for r in csv.DictReader(open(os.path.join(root, "MANIFEST.tsv")), delimiter="\t")}
    out = []
    for f, r in sorted(split.items()):
        parts = f.split("/")
        out.append({"file": f, "path": os.path.join(root, f), "set": parts[0], "label": int(parts[1] == "blurry"),
                    "btype": man.get(f, {}).get("blur_type", ""), "part": r["part"], "scene": r["scene"]})
    return out


def analysis_array(path, long_edge=2048):
    return np.asarray(resize_for_analysis(load_rgb(path), long_edge))


def ckpt_key(ckpt):
    h = hashlib.sha256(open(ckpt, "rb").read()).hexdigest()[:12]
    return h


def collect(model, photos, predict, cache_dir=None, key=None, log=print):
    """Tile outputs of every photo at the analysis scale and at the coarse-pass scales ({None: [n, 8],
    0.5: [m, 8] or None}), as validation computes them, cached as cache_dir/key.npz (analysis scale) and
    cache_dir/key-c0.5.npz (coarse pass)."""
    import validate
    out = [{} for _ in photos]
    paths = {c: os.path.join(cache_dir, key + ("" if c is None else "-c%g" % c) + ".npz") if cache_dir and key else None
             for c in validate.COARSE_SCALES}
    missing = []
    for scale, path in paths.items():
        if path and os.path.exists(path):
            z = np.load(path)
            for o, p in zip(out, photos):
                o[scale] = z[p["file"]] if p["file"] in z else None
        else:
            missing.append(scale)
    if not missing:
        return out
    for i, (o, p) in enumerate(zip(out, photos)):
        arr = analysis_array(p["path"])  # decoded once for every scale still to compute
        for scale in missing:
            small = arr if scale is None else validate.coarse_image(arr, scale)
            o[scale] = validate.tile_outputs(model, small, predict) if small is not None else None
        if i % 40 == 0:
            log("real set: %d/%d" % (i, len(photos)))
    for scale in missing:
        if paths[scale]:
            os.makedirs(cache_dir, exist_ok=True)
            np.savez(paths[scale], **{p["file"]: o[scale] for p, o in zip(photos, out) if o[scale] is not None})
    return out


def as_res(photos, outs):
    """The validation module's result tuples (photo, variant, label, btype, outputs)."""
    return [(p["file"], p["set"], p["label"], p["btype"], o) for p, o in zip(photos, outs)]


def rates(photos, scores, thr, part=None):
    """{set: (rate, correct, n)}: flagged share for blurry photos, kept share for sharp ones."""
    out = {}
    for s in SETS:
        for lab in (1, 0):
            xs = [sc for p, sc in zip(photos, scores) if p["set"] == s and p["label"] == lab
                  and (part is None or p["part"] == part)]
            if xs:
                ok = sum((sc >= thr) == (lab == 1) for sc in xs)
                out["%s/%s" % (s, "blurry" if lab else "sharp")] = (round(ok / len(xs), 3), ok, len(xs))
    return out


def meets(photos, scores, thr, part):
    r = rates(photos, scores, thr, part)
    misses = []
    for (s, lab), need in TARGETS.items():
        k = "%s/%s" % (s, "blurry" if lab else "sharp")
        if k in r and r[k][0] < need:
            misses.append((k, r[k][0], need))
    return misses
