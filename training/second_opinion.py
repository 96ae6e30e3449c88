"""A second opinion: two networks of the same chain (two seeds), each judged by its own tuned aggregation, the
photo scored as the blurrier of the two once the second is moved onto the first's threshold scale in logit space
(as the engine does: src/main/scoring/second-opinion.ts). Each member keeps every sharp photo it was tuned on, so
the pair does too, and it catches what either member catches. Ungated, it also flags what either member wrongly flags
on unseen keepers (v5p); since 5.8 the second opinion counts only where it reads camera motion (`motionMin`, chosen by
`tune_gate` with the second threshold raised until the safety draws' keepers are all kept as the first keeps them).

Report a pair on everything tune_real.py reports, plus the tuner's key (the blurry share of draw 1235 plus the
real fit part counted 4 times, every sharp photo kept):
  /usr/bin/python3 training/second_opinion.py --first CK_A.pt --first-tag A --first-params A.json \
      --second CK_B.pt --second-tag B --second-params B.json [--draws 1235 1236 1237 1238] [--safety-draws 1236 1237] [--out B-safe.json]
"""
import argparse
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cross_draw  # noqa: E402
import real_set  # noqa: E402
import validate  # noqa: E402
from aggregate import logit, sigmoid  # noqa: E402


def on_first_scale(score, own_threshold, first_threshold):
    return sigmoid(logit(score) - logit(own_threshold) + logit(first_threshold))


def evaluate_pair(res_a, res_b, pa, pb):
    """validate.evaluate for the pair: res_a and res_b are the same variants through each member."""
    out = []
    for a, b in zip(validate.evaluate(res_a, pa), validate.evaluate(res_b, pb)):
        assert a[:4] == b[:4], "the members' variants differ"
        moved = on_first_scale(b[4], pb["threshold"], pa["threshold"])
        counts = b[5] >= pb.get("motionMin", 0.0)  # the gate: the second opinion reads camera motion
        out.append(a if a[4] >= moved or not counts else (*b[:4], moved, b[5]))
    return out


def tuner_key(sc_draw, sc_fit, thr, real_weight=4):
    lab = np.array([r[2] for r in sc_draw] + [r[2] for r in sc_fit] * real_weight)
    s = np.array([r[4] for r in sc_draw] + [r[4] for r in sc_fit] * real_weight)
    return float((s[lab == 1] >= thr).mean()), int((s[lab == 0] >= thr).sum())


def safe_threshold(tuned_a, tuned_b, safety_a, safety_b, pa, pb):
    """The second network's own threshold, raised where needed so that the pair flags no sharp variant that the
    first alone keeps: not on the data both were tuned on (tuned_*), not on the safety draws (safety_*) that the
    tuner already uses to keep its rules from raising sharp photos. Centred in logit space between the highest such
    sharp score of the second network and the lowest blurry score of it above that on the tuned-on data."""
    ta, gate = pa["threshold"], pb.get("motionMin", 0.0)
    worst = max((b[4] for a, b in zip(validate.evaluate(tuned_a + safety_a, pa), validate.evaluate(tuned_b + safety_b, pb))
                 if a[2] == 0 and a[4] < ta and b[5] >= gate), default=0.0)
    if worst < pb["threshold"]:
        return pb["threshold"]
    above = [b[4] for b in validate.evaluate(tuned_b, pb) if b[2] == 1 and b[4] > worst and b[5] >= gate]
    if not above:
        return None  # the second network adds nothing the first does not catch
    return round(validate._centre(worst, min(above)), 4)


MOTION_MIN = (None, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85)


def tune_gate(tuned_a, tuned_b, safety_a, safety_b, fit_a, fit_b, draw_a, draw_b, pa, pb, log=print):
    """The motion gate (5.8): for each motionMin, the safe threshold over the safety draws; the highest tuner key wins
    (ties: the lower gate). Returns the second network's parameters, or None when no gate adds anything."""
    best = None
    base = tuner_key(validate.evaluate(draw_a, pa), validate.evaluate(fit_a, pa), pa["threshold"])[0]
    for m in MOTION_MIN:
        q = {k: v for k, v in pb.items() if k != "motionMin"}
        if m is not None:
            q["motionMin"] = m
        tb = safe_threshold(tuned_a, tuned_b, safety_a, safety_b, pa, q)
        if tb is None:
            continue
        q["threshold"] = tb
        key = tuner_key(evaluate_pair(draw_a, draw_b, pa, q), evaluate_pair(fit_a, fit_b, pa, q), pa["threshold"])[0]
        log("motionMin %s: threshold %.4f, key %.4f (first alone %.4f)" % (m, tb, key, base))
        if key > base + 1e-9 and (best is None or key > best[0] + 1e-9):
            best = key, q
    return best[1] if best else None


def main():
    import tune_real
    ap = argparse.ArgumentParser()
    for who in ("first", "second"):
        ap.add_argument("--" + who, required=True)
        ap.add_argument("--%s-tag" % who, required=True)
        ap.add_argument("--%s-params" % who, required=True)
    ap.add_argument("--draws", type=int, nargs="+", default=[1235, 1236, 1237, 1238])
    ap.add_argument("--cache", default="/tmp/crisp-draws")
    ap.add_argument("--real", default=os.path.join(HERE, "..", "..", "shared", "data", "real"))
    ap.add_argument("--safety-draws", type=int, nargs="*", default=[1236, 1237])
    ap.add_argument("--out", help="write the second network's parameters with its safe threshold here")
    a = ap.parse_args()
    pa, pb = json.load(open(a.first_params)), json.load(open(a.second_params))
    pa["threshold"] = math.ceil(round(pa["threshold"] * 100, 6)) / 100  # as finalize_card.py ships it
    photos, outs_a = tune_real.real_outputs(a.first, a.real)
    _, outs_b = tune_real.real_outputs(a.second, a.real)
    thr = pa["threshold"]
    res_a, res_b = real_set.as_res(photos, outs_a), real_set.as_res(photos, outs_b)
    fit_a, fit_b = ([r for r, ph in zip(res, photos) if ph["part"] == "fit"] for res in (res_a, res_b))
    first_draw = a.draws[0]
    draw = lambda tag, seeds: sum((cross_draw.load(a.cache, [tag], s) for s in seeds), [])
    da, db = draw(a.first_tag, [first_draw]), draw(a.second_tag, [first_draw])
    tuned = tune_gate(da + fit_a, db + fit_b, draw(a.first_tag, a.safety_draws), draw(a.second_tag, a.safety_draws),
                      fit_a, fit_b, da, db, pa, pb)
    if tuned is None:
        print("no gate and threshold of the second network adds anything safely")
        return
    print("second network: tuned threshold %s, safe %.4f, motionMin %s" % (pb["threshold"], tuned["threshold"],
                                                                          tuned.get("motionMin")))
    pb = tuned
    if a.out:
        with open(a.out, "w") as f:
            json.dump(pb, f, indent=2)
    real = evaluate_pair(res_a, res_b, pa, pb)
    sc = [r[4] for r in real]
    for part in ("fit", "heldout"):
        print("real %-7s %s" % (part, json.dumps(real_set.rates(photos, sc, thr, part))))
    print("real wrong:", sorted((round(s, 3), ph["part"], ph["file"]) for ph, s in zip(photos, sc)
                                if (s >= thr) != (ph["label"] == 1)))
    fit = [r for r, ph in zip(real, photos) if ph["part"] == "fit"]
    for seed in a.draws:
        d = evaluate_pair(cross_draw.load(a.cache, [a.first_tag], seed), cross_draw.load(a.cache, [a.second_tag], seed),
                          pa, pb)
        r = validate.summarize(d, thr, pa["motionThreshold"])
        flagged = [(v, os.path.basename(p), round(s, 3)) for p, v, l, _, s, _ in d if l == 0 and s >= thr]
        print("synthetic draw %d: TPR %.3f TNR %.3f AUROC %.3f; sharp variants flagged %s" % (
            seed, r["TPR"], r["TNR"], r["AUROC"], flagged))
        if seed == a.draws[0]:
            print("tuner key (draw %d + real fit x4): %.4f, sharp flagged %d" % ((seed,) + tuner_key(d, fit, thr)))


if __name__ == "__main__":
    main()
