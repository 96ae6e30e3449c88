"""REPORT-ONLY run of the shipped model + card on /work/shared/data/eval (never used for tuning).

Usage: /usr/bin/python3 training/eval_report.py --eval /work/shared/data/eval [--level standard|strict]
Uses the ONNX-equivalent PyTorch checkpoint and the card's aggregation parameters.
"""
import argparse
import csv
import glob
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import validate  # noqa: E402
from model import load_model  # noqa: E402
from preprocess import load_rgb, resize_for_analysis  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval", default="/work/shared/data/eval")
    ap.add_argument("--level", default="standard")
    ap.add_argument("--card", default=os.path.join(HERE, "..", "resources", "models", "crisp-blur.json"))
    a = ap.parse_args()
    torch.set_num_threads(2)
    card = json.load(open(a.card))
    ag = dict(card["aggregation"], typeHeadWeight=card["blurType"].get("headWeight", 1.0))
    thr, mthr = card["threshold"], card["blurType"]["motionThreshold"]
    le = card["analysis"]["levels"][a.level]["longEdge"]
    m = load_model(torch.load(os.path.join(HERE, "checkpoints", "crisp-blur.pt"), map_location="cpu"))
    from train import predict

    def score(path):
        arr = np.asarray(resize_for_analysis(load_rgb(path), le))
        with torch.no_grad():
            outs = validate.pass_outputs(m, arr, predict)
        _, _, _, _, s, mm = validate.evaluate([(path, "", 0, "", outs)], ag)[0]
        return s, mm

    rows = list(csv.DictReader(open(os.path.join(a.eval, "real", "labels.csv"))))
    tp = tn = npos = nneg = typ_ok = typ_n = 0
    for r in rows:
        s, mm = score(os.path.join(a.eval, "real", r["file"]))
        flag = s >= thr
        if r["label"] == "blurry":
            npos += 1
            tp += flag
            if flag:
                typ_n += 1
                typ_ok += (mm >= mthr) == (r["blur_type"] == "motion")
        else:
            nneg += 1
            tn += not flag
        print("%-55s %-7s %-8s score %.3f motion %.2f %s" % (r["file"], r["label"], r["blur_type"], s, mm,
                                                             "FLAG" if flag else "keep"))
    kept = 0
    bk = sorted(glob.glob(os.path.join(a.eval, "bokeh-keepers", "sharp", "*")))
    for p in bk:
        s, _ = score(p)
        kept += s < thr
        print("%-55s bokeh   score %.3f %s" % (os.path.basename(p), s, "FLAG" if s >= thr else "keep"))
    print(json.dumps({"level": a.level, "real": {"TPR": tp / npos, "TNR": tn / nneg, "blurTypeAccuracy":
                      typ_ok / max(1, typ_n), "nBlurry": npos, "nSharp": nneg},
                      "bokehKept": "%d/%d" % (kept, len(bk))}))


if __name__ == "__main__":
    main()
