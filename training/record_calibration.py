"""Scores the whole real set through the product (`crisp eval --json`, the engine in onnxruntime-node) and
records in the model card what the thresholds mean:
  calibration.heldout       every held-out photo's engine score (set, label, score): Settings and Review
                            turn any threshold into "N % of blurry flagged, N % of sharp kept" from these
  calibration.sensitivities relaxed / standard / strict thresholds, picked on the FIT part only:
                            standard = the card's threshold (tuned on fit + synthetic validation);
                            strict   = the lowest threshold (0.01 steps) that still keeps >= STRICT_KEEP of
                                       the fit sharp photos and every fit keeper (bokeh-keepers);
                            relaxed  = as far above standard as strict is below it, in logit space
  metrics.real              per-set rates of the fit part (tuned on) and the heldout part (never tuned on)
                            at each sensitivity

Usage: /usr/bin/python3 training/record_calibration.py [--real ../shared/data/real] [--card resources/models/crisp-blur.json]
"""
import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import real_set  # noqa: E402
from record_eval import engine_eval  # noqa: E402

STRICT_KEEP = 0.97


def logit(p):
    return math.log(p / (1 - p))


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def engine_scores(real, card):
    scores = {}
    for r in engine_eval(card, [os.path.join(real, s) for s in real_set.SETS]):
        name = os.path.basename(os.path.normpath(r["dir"]))
        for x in r["results"]:
            if x["blurScore"] is None:
                raise SystemExit("%s/%s was not scored: %s" % (name, x["file"], x["error"]))
            scores["%s/%s" % (name, x["file"])] = x["blurScore"]
    return scores


def pick_strict(photos, sc, standard):
    sharp = [sc[p["file"]] for p in photos if p["part"] == "fit" and p["label"] == 0]
    keepers = [sc[p["file"]] for p in photos if p["part"] == "fit" and p["set"] == "bokeh-keepers"]
    t = standard
    while t - 0.01 > 0.005:
        c = round(t - 0.01, 2)
        if sum(s < c for s in sharp) / len(sharp) < STRICT_KEEP or any(s >= c for s in keepers):
            break
        t = c
    return round(t, 2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--real", default=os.path.join(ROOT, "..", "shared", "data", "real"))
    ap.add_argument("--card", default=os.path.join(ROOT, "resources", "models", "crisp-blur.json"))
    a = ap.parse_args()
    photos = real_set.load(a.real)
    sc = engine_scores(a.real, a.card)
    missing = [p["file"] for p in photos if p["file"] not in sc]
    if missing:
        raise SystemExit("not scored: %s" % missing[:5])
    card = json.load(open(a.card))
    standard = card["threshold"]
    strict = pick_strict(photos, sc, standard)
    if strict >= standard:
        strict = round(standard - 0.05, 2)
    relaxed = round(sigmoid(2 * logit(standard) - logit(strict)), 2)
    sens = {"relaxed": relaxed, "standard": standard, "strict": strict}
    card["calibration"] = {
        "source": "real/ held-out part (SPLIT.tsv): hand-held shake, night shake, phone defocus and shake, sharp "
                  "phone, city and camera photos, and shallow-depth-of-field keepers",
        "command": "/usr/bin/python3 training/record_calibration.py (runs npm run eval on ../shared/data/real)",
        "sensitivities": sens,
        "heldout": [{"set": p["set"], "label": "blurry" if p["label"] else "sharp", "score": round(sc[p["file"]], 4)}
                    for p in photos if p["part"] == "heldout"],
    }
    scores = [sc[p["file"]] for p in photos]
    card["metrics"]["real"] = {
        "note": "through the engine (crisp eval); blurry sets: share flagged, sharp sets: share kept; [rate, correct, n]. "
                "fit = tuned and trained on; heldout = never tuned or trained on",
        "command": "/usr/bin/python3 training/record_calibration.py",
        **{name: {part: real_set.rates(photos, scores, t, part) for part in ("fit", "heldout")}
           for name, t in sens.items()},
    }
    with open(a.card, "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(json.dumps({"sensitivities": sens, "standard": card["metrics"]["real"]["standard"]}, indent=1))
    wrong = sorted((round(sc[p["file"]], 3), p["part"], p["file"]) for p in photos
                   if (sc[p["file"]] >= standard) != (p["label"] == 1))
    print("wrong at standard:", json.dumps(wrong, indent=0))


if __name__ == "__main__":
    main()
