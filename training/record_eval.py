"""Runs the product's eval (`crisp eval --json`, the engine in onnxruntime-node) and records its
REPORT-ONLY numbers in the model card's metrics.evaluation. Never used for training or tuning.

Usage: /usr/bin/python3 training/record_eval.py DIR [DIR...] [--card resources/models/crisp-blur.json]
"""
import argparse
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def engine_eval(card, dirs):
    """`crisp eval --json` over labelled folders with the given card: one result object per folder."""
    out = subprocess.run(["node", os.path.join(ROOT, "bin", "crisp.mjs"), "eval", "--json", "--model", card, *dirs],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--card", default=os.path.join(ROOT, "resources", "models", "crisp-blur.json"))
    a = ap.parse_args()
    sets = {}
    for r in engine_eval(a.card, a.dirs):
        s = {"n": r["n"], "sharp": r["sharp"], "blurry": r["blurry"]}
        for key, name in (("tpr", "TPR"), ("tnr", "TNR"), ("auroc", "AUROC"), ("blurTypeAccuracy", "blurTypeAccuracy")):
            if r.get(key) is not None:
                s[name] = round(r[key], 4)
        if r.get("blurTypeJudged"):
            s["blurTypeJudged"] = r["blurTypeJudged"]
        s["missed"] = [m["file"] for m in r["missed"]]
        s["falseAlarms"] = [m["file"] for m in r["falseAlarms"]]
        sets[os.path.basename(os.path.normpath(r["dir"]))] = s
    with open(a.card) as f:
        card = json.load(f)
    card["metrics"]["evaluation"] = {
        "command": "npm run eval -- " + " ".join(a.dirs),
        "note": "report only: measured through the engine at the shipped threshold; never used for training or tuning",
        "sets": sets,
    }
    with open(a.card, "w") as f:
        json.dump(card, f, indent=2)
    print(json.dumps(sets, indent=1))


if __name__ == "__main__":
    main()
