"""Cross-draw validation: how a checkpoint (or an ensemble of checkpoints) and its tuned card hold up on
validation variants it was not tuned on. The validation variants are random draws (subject sizes, noise,
shake paths); `validate.collect(model, val_paths, SEED, ...)` with another SEED draws the same 17 photos anew.

  collect: /usr/bin/python3 training/cross_draw.py collect --photos DIR --ckpt A.pt --tag a --seeds 1235 1236 1237
  tune:    /usr/bin/python3 training/cross_draw.py tune --tags a [b ...] --tune 1235 1236 --test 1237

`collect` caches each draw's tile outputs in --cache (about 6.5 min per draw and network on 2 cores). `tune`
runs the shipped tuner on the pooled tune draws and scores the held-out ones; several tags are scored as
their ensemble (the members' mean logit per tile, what model.CrispBlurEnsemble computes in one graph).
"""
import argparse
import json
import os
import pickle
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import validate  # noqa: E402

LOGIT_COLS = [0, 1, 4, 5, 6, 7]  # blur, motion, crisp x4; texture and isotropy are the same in every member


def _logit(p):
    p = np.clip(p.astype(np.float64), 1e-7, 1 - 1e-7)
    return np.log(p / (1 - p))


def _path(cache, tag, seed):
    return os.path.join(cache, "%s_%d.pkl" % (tag, seed))


def collect(a):
    from model import load_model
    from split import split
    from train import predict
    torch.set_num_threads(2)
    m = load_model(torch.load(a.ckpt, map_location="cpu"))
    _, val_p = split(a.photos)
    os.makedirs(a.cache, exist_ok=True)
    for seed in a.seeds:
        t = time.time()
        res, _ = validate.collect(m, val_p, seed, predict, log=lambda *x: None)
        with open(_path(a.cache, a.tag, seed), "wb") as f:
            pickle.dump(res, f)
        print("draw %d of %s: %d variants in %.1f min" % (seed, a.tag, len(res), (time.time() - t) / 60), flush=True)


def merge(draws):
    """The members' mean logit for every tile output that is a probability."""
    out = []
    for rows in zip(*draws):
        ph, v, lab, bt, _ = rows[0]
        assert all(r[0] == ph and r[1] == v for r in rows), "draws of different variants"
        outs = {}
        for sc, o in rows[0][4].items():
            if o is None:
                outs[sc] = None
                continue
            o = o.copy()
            for c in LOGIT_COLS:
                o[:, c] = 1 / (1 + np.exp(-np.mean([_logit(r[4][sc][:, c]) for r in rows], axis=0)))
            outs[sc] = o
        out.append((ph, v, lab, bt, outs))
    return out


def load(cache, tags, seed):
    draws = []
    for t in tags:
        with open(_path(cache, t, seed), "rb") as f:
            draws.append(pickle.load(f))
    return draws[0] if len(draws) == 1 else merge(draws)


def tune(a):
    draws = {s: load(a.cache, a.tags, s) for s in a.tune + a.test}
    t = time.time()
    p, _, _ = validate.tune(sum([draws[s] for s in a.tune], []), True)
    print("%s tuned on draws %s in %.1f min: %s" % ("+".join(a.tags), a.tune, (time.time() - t) / 60, json.dumps(p)))
    for s in a.tune + a.test:
        sc = validate.evaluate(draws[s], p)
        r = validate.summarize(sc, p["threshold"], p["motionThreshold"])
        flagged = sorted(((round(x[4], 3), os.path.basename(x[0]), x[1]) for x in sc
                          if x[2] == 0 and x[4] >= p["threshold"]), reverse=True)
        print("  draw %d (%s): TPR %.3f TNR %.3f AUROC %.3f type %.3f; sharp flagged %s" % (
            s, "held out" if s in a.test else "tuned", r["TPR"], r["TNR"], r["AUROC"], r["blurTypeAccuracy"], flagged))
        extra = {k: v for k, v in r["perVariantAccuracy"].items() if k.startswith("sparkle")}
        if extra:  # experiment v12's point-light variants, and TPR without them
            base = [x[4] >= p["threshold"] for x in sc if x[2] == 1 and not x[1].startswith("sparkle")]
            print("    point-light variants %s; TPR without them %.3f" % (extra, np.mean(base)))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(p, f, indent=2)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--photos", required=True)
    c.add_argument("--ckpt", required=True)
    c.add_argument("--tag", required=True)
    c.add_argument("--seeds", type=int, nargs="+", required=True)
    t = sub.add_parser("tune")
    t.add_argument("--tags", nargs="+", required=True)
    t.add_argument("--tune", type=int, nargs="+", required=True)
    t.add_argument("--test", type=int, nargs="*", default=[])
    t.add_argument("--out", help="write the tuned parameters here (JSON)")
    for p in (c, t):
        p.add_argument("--cache", default="/tmp/crisp-draws")
    a = ap.parse_args()
    if a.cmd == "collect":
        collect(a)
    else:
        tune(a)


if __name__ == "__main__":
    main()
