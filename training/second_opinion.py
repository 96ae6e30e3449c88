"""A second opinion: two networks of the same chain (two seeds), each judged by its own tuned aggregation, the
photo scored as the blurrier of the two once the second is moved onto the first's threshold scale in logit space
(as the engine does: src/main/scoring/second-opinion.ts). Each member keeps every sharp photo it was tuned on, so
the pair does too, and it catches what either member catches.

Report a pair on everything tune_real.py reports, plus the tuner's key (the blurry share of draw 1235 plus the
real fit part counted 4 times, every sharp photo kept):
  /usr/bin/python3 training/second_opinion.py --first CK_A.pt --first-tag A --first-params A.json \
      --second CK_B.pt --second-tag B --second-params B.json [--draws 1235 1236] [--safety-draws 1236] [--out B-safe.json]
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


def _logit(p):
    p = min(max(p, 1e-7), 1 - 1e-7)
    return math.log(p / (1 - p))


def on_first_scale(score, own_threshold, first_threshold):
    return 1 / (1 + math.exp(-(_logit(score) - _logit(own_threshold) + _logit(first_threshold))))


def evaluate_pair(res_a, res_b, pa, pb):
    """validate.evaluate for the pair: res_a and res_b are the same variants through each member."""
    out = []
    for a, b in zip(validate.evaluate(res_a, pa), validate.evaluate(res_b, pb)):
        assert a[:4] == b[:4], "the members' variants differ"
        moved = on_first_scale(b[4], pb["threshold"], pa["threshold"])
        out.append(a if a[4] >= moved else (*b[:4], moved, b[5]))
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
    ta = pa["threshold"]
    worst = max((b[4] for a, b in zip(validate.evaluate(tuned_a + safety_a, pa), validate.evaluate(tuned_b + safety_b, pb))
                 if a[2] == 0 and a[4] < ta), default=0.0)
    if worst < pb["threshold"]:
        return pb["threshold"]
    above = [b[4] for b in validate.evaluate(tuned_b, pb) if b[2] == 1 and b[4] > worst]
    if not above:
        return None  # the second network adds nothing the first does not catch
    return round(1 / (1 + math.exp(-(_logit(worst) + _logit(min(above))) / 2)), 4)


def main():
    import tune_real
    ap = argparse.ArgumentParser()
    for who in ("first", "second"):
        ap.add_argument("--" + who, required=True)
        ap.add_argument("--%s-tag" % who, required=True)
        ap.add_argument("--%s-params" % who, required=True)
    ap.add_argument("--draws", type=int, nargs="+", default=[1235, 1236])
    ap.add_argument("--cache", default="/tmp/crisp-draws")
    ap.add_argument("--real", default=os.path.join(HERE, "..", "..", "shared", "data", "real"))
    ap.add_argument("--safety-draws", type=int, nargs="*", default=[1236])
    ap.add_argument("--out", help="write the second network's parameters with its safe threshold here")
    a = ap.parse_args()
    pa, pb = json.load(open(a.first_params)), json.load(open(a.second_params))
    photos, outs_a = tune_real.real_outputs(a.first, a.real)
    _, outs_b = tune_real.real_outputs(a.second, a.real)
    thr = pa["threshold"]
    fit_a = [r for r, ph in zip(real_set.as_res(photos, outs_a), photos) if ph["part"] == "fit"]
    fit_b = [r for r, ph in zip(real_set.as_res(photos, outs_b), photos) if ph["part"] == "fit"]
    first_draw = a.draws[0]
    draw = lambda tag, seeds: sum((cross_draw.load(a.cache, [tag], s) for s in seeds), [])
    tb = safe_threshold(draw(a.first_tag, [first_draw]) + fit_a, draw(a.second_tag, [first_draw]) + fit_b,
                        draw(a.first_tag, a.safety_draws), draw(a.second_tag, a.safety_draws), pa, pb)
    print("second network's threshold: tuned %.4f, safe %s" % (pb["threshold"], tb))
    if tb is None:
        return
    pb = dict(pb, threshold=tb)
    if a.out:
        with open(a.out, "w") as f:
            json.dump(pb, f, indent=2)
    real = evaluate_pair(real_set.as_res(photos, outs_a), real_set.as_res(photos, outs_b), pa, pb)
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
