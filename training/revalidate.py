"""Re-runs validation (and the aggregation / threshold tuning) for the saved checkpoint and rewrites
the card's verdict sections in place, without retraining. Same split, same validation seed as
train.py, so a full `train.py` run produces the same sections.

Usage: /usr/bin/python3 training/revalidate.py --photos DIR [--seed 1234]
"""
import argparse
import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import card as card_mod  # noqa: E402
import validate  # noqa: E402
from model import load_model  # noqa: E402
from split import split  # noqa: E402
import train  # noqa: E402
from train import log, predict  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", required=True)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--ckpt", default=os.path.join(HERE, "checkpoints", "crisp-blur.pt"))
    ap.add_argument("--card", default=os.path.join(HERE, "..", "resources", "models", "crisp-blur.json"))
    args = ap.parse_args()
    torch.set_num_threads(2)
    t0 = train.T0 = time.time()
    model = load_model(torch.load(args.ckpt, map_location="cpu"))
    if hasattr(model, "second"):
        sys.exit("revalidate.py: %s is a pair (5.8); it judges one network. Tune each member with tune_real.py and the pair "
                 "with second_opinion.py (training/train_release.sh)" % args.ckpt)
    train_p, val_p = split(args.photos)
    agg, metrics = validate.run(model, val_p, pool_rng_seed=args.seed + 1, predict=predict, log=log,
                                all_paths=train_p + val_p)
    with open(args.card) as f:
        card = json.load(f)
    card.update(card_mod.verdict_fields(agg))
    card["version"] = card_mod.VERSION
    metrics["revalidateCommand"] = "/usr/bin/python3 training/revalidate.py --photos <photos> --seed %d" % args.seed
    card["metrics"]["validation"] = metrics
    card["training"].setdefault("durationBreakdown", {})["revalidationMinutes"] = round((time.time() - t0) / 60, 1)
    with open(args.card, "w") as f:
        json.dump(card, f, indent=2)
    log("updated", args.card, "in %.1f min" % ((time.time() - t0) / 60))


if __name__ == "__main__":
    main()
