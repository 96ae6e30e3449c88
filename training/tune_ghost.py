"""Sets the card's aggregation.ghost (doubled edges, `ghost.py`) from sharp photos only, and adds it to a params file.

  /usr/bin/python3 training/tune_ghost.py --photos ../shared/data/photos --real ../shared/data/real \
      --draws 1235 1236 --params training/.work/release/params.json

The rule must never raise a sharp photo's score, at any sensitivity: `lo` (where the ghost score starts to rise from
0) sits MARGIN above the highest evidence of any sharp photo that passes the rule's gates (enough textured blocks,
enough of them showing the ghost): the real fit part's sharp photos and keepers, the synthesis photos at the analysis
scale and at 0.5x and 0.3x, and every sharp and keeper variant of the validation draws (small subjects, panned,
noisy, phone-processed). `hi` = lo + WIDTH, so the standard threshold (0.71) asks for evidence about lo + 0.07.
Blurry photos are reported, never used to choose. Evidence per photo is cached in training/.work/ghost-<set>-<hash of ghost.py>.json.
"""
import argparse
import hashlib
import json
import math
import os
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ghost  # noqa: E402
import real_set  # noqa: E402
import split  # noqa: E402
import validate  # noqa: E402
from preprocess import load_rgb, resize_for_analysis  # noqa: E402

MARGIN = 0.03
WIDTH = 0.1
SCALES = (1.0, 0.5, 0.3)


def cached(name, compute):
    # keyed by ghost.py itself, so that a change to the check never reuses old evidence
    key = hashlib.sha256(open(os.path.join(HERE, "ghost.py"), "rb").read()).hexdigest()[:10]
    path = os.path.join(HERE, ".work", "ghost-%s-%s.json" % (name, key))
    if os.path.exists(path):
        return json.load(open(path))
    rows = compute()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    json.dump(rows, open(path, "w"))
    return rows


def real_rows(real):
    rows = []
    for p in real_set.load(real):
        rows.append({"name": p["file"], "part": p["part"], "label": p["label"],
                     "e": ghost.evidence(real_set.analysis_array(p["path"]))})
        print("real", p["file"], rows[-1]["e"], flush=True)
    return rows


def photo_rows(photos):
    rows = []
    train, val = split.split(photos)
    for f in train + val:
        im = load_rgb(f)
        for s in SCALES:
            w, h = im.size
            small = im if s == 1 else im.resize((max(1, round(w * s)), max(1, round(h * s))), Image.LANCZOS)
            rows.append({"name": "%s@%g" % (os.path.basename(f), s), "label": 0,
                         "e": ghost.evidence(np.asarray(resize_for_analysis(small, 2048)))})
        print("photo", os.path.basename(f), flush=True)
    return rows


def draw_rows(photos, seed):
    """Every variant of the validation photos, drawn exactly as validate.collect draws them for this seed."""
    rng = np.random.default_rng(seed)
    rows = []
    for i, p in enumerate(split.split(photos)[1]):
        for v, arr in validate.variants(p, rng, seed * 1000 + i * 50).items():
            rows.append({"name": "%s:%s" % (os.path.basename(p), v), "label": 0 if v in validate.SHARP_V else 1,
                         "e": ghost.evidence(arr)})
        print("draw", seed, os.path.basename(p), flush=True)
    return rows


def gated(e, p):
    return e is not None and e["blocks"] >= p["minBlocks"] and e["consistency"] >= p["minConsistency"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", required=True)
    ap.add_argument("--real", required=True)
    ap.add_argument("--draws", type=int, nargs="+", default=[1235, 1236])
    ap.add_argument("--params", help="params JSON to add aggregation.ghost to (written in place)")
    a = ap.parse_args()
    p = dict(ghost.DEFAULTS)
    sets = {"real": [r for r in cached("real", lambda: real_rows(a.real)) if r["part"] == "fit"],
            "photos": cached("photos", lambda: photo_rows(a.photos))}
    for seed in a.draws:
        sets["draw%d" % seed] = cached("draw%d" % seed, lambda: draw_rows(a.photos, seed))
    sharp = [(k, r) for k, rows in sets.items() for r in rows if r["label"] == 0 and gated(r["e"], p)]
    top = max(sharp, key=lambda kr: kr[1]["e"]["evidence"])
    p["lo"] = math.ceil((top[1]["e"]["evidence"] + MARGIN) * 100) / 100
    p["hi"] = round(p["lo"] + WIDTH, 2)
    print("highest sharp evidence: %.3f (%s %s) -> lo %.2f hi %.2f" % (top[1]["e"]["evidence"], top[0], top[1]["name"], p["lo"], p["hi"]))
    for k, rows in sets.items():
        blurry = [r for r in rows if r["label"] == 1]
        if blurry:
            hit = [r["name"] for r in blurry if ghost.score(r["e"], p) >= 0.71]
            print("%s: ghost alone flags %d of %d blurry at standard: %s" % (k, len(hit), len(blurry), ", ".join(hit[:12])))
    if a.params:
        params = json.load(open(a.params))
        params["ghost"] = p
        json.dump(params, open(a.params, "w"), indent=2)
    print(json.dumps(p))


if __name__ == "__main__":
    main()
