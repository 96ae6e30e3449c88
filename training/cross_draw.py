"""Cross-draw validation: how a checkpoint and its tuned card hold up on
validation variants it was not tuned on. The validation variants are random draws (subject sizes, noise,
shake paths); `validate.collect(model, val_paths, SEED, ...)` with another SEED draws the same 17 photos anew.

  collect: /usr/bin/python3 training/cross_draw.py collect --photos DIR --ckpt A.pt --tag a --seeds 1235 1236 1237
  tune:    /usr/bin/python3 training/cross_draw.py tune --tags a --tune 1235 1236 --test 1237

`collect` caches each draw's tile outputs in --cache (about 6.5 min per draw and network on 2 cores). `tune`
runs the shipped tuner on the pooled tune draws and scores the held-out ones.
"""
import argparse
import json
import os
import pickle
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import validate  # noqa: E402


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


def load(cache, tags, seed):
    """The cached draw `seed` of one checkpoint: tags is [tag] (several tags were the unshipped ensemble's)."""
    if len(tags) != 1:
        raise ValueError("one tag per run, got %s" % tags)
    with open(_path(cache, tags[0], seed), "rb") as f:
        return pickle.load(f)


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
    t.add_argument("--tags", nargs=1, required=True, help="the tag of one collected checkpoint")
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
