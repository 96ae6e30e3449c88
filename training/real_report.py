"""Per-set rates of a checkpoint + card aggregation on ../shared/data/real (fit and heldout parts).

Usage: /usr/bin/python3 training/real_report.py [--ckpt PT] [--card JSON] [--real DIR]
"""
import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import real_set  # noqa: E402
import validate  # noqa: E402
from model import load_model  # noqa: E402


def card_params(card):
    return dict(card["aggregation"], threshold=card["threshold"], typeHeadWeight=card["blurType"].get("headWeight", 1.0),
                motionThreshold=card["blurType"]["motionThreshold"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(HERE, "checkpoints", "crisp-blur.pt"))
    ap.add_argument("--card", default=os.path.join(HERE, "..", "resources", "models", "crisp-blur.json"))
    ap.add_argument("--real", default=os.path.join(HERE, "..", "..", "shared", "data", "real"))
    ap.add_argument("--threshold", type=float, default=None)
    a = ap.parse_args()
    torch.set_num_threads(2)
    from train import predict
    m = load_model(torch.load(a.ckpt, map_location="cpu"))
    photos = real_set.load(a.real)
    outs = real_set.collect(m, photos, predict, os.path.join(HERE, ".work", "real-cache"), real_set.ckpt_key(a.ckpt))
    p = card_params(json.load(open(a.card)))
    thr = a.threshold if a.threshold is not None else p["threshold"]
    sc = [s for *_, s, _ in validate.evaluate(real_set.as_res(photos, outs), p)]
    for part in ("fit", "heldout"):
        print(part, json.dumps(real_set.rates(photos, sc, thr, part)))
    for ph, s in sorted(zip(photos, sc), key=lambda t: t[1]):
        wrong = (s >= thr) != (ph["label"] == 1)
        if wrong:
            print("  WRONG %-8s %.3f %s" % (ph["part"], s, ph["file"]))


if __name__ == "__main__":
    main()
