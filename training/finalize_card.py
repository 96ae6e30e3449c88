"""Ships a fine-tuned checkpoint: exports it to resources/models/crisp-blur.onnx and rewrites the card's
version, checksum, verdict (tuned aggregation, threshold, blur-type rule), training record (base run, real
fine-tune, data sources with licence notes, the scene split) and synthetic validation metrics. Calibration on
held-out real photos and the report-only eval are recorded afterwards by record_calibration.py and
record_eval.py, both through the engine.

Usage: /usr/bin/python3 training/finalize_card.py --ckpt CK.pt --params tuned.json --tag TAG --draws 1235 \
          --finetune-command "..." --finetune-minutes M
"""
import argparse
import json
import math
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import card as card_mod  # noqa: E402
import cross_draw  # noqa: E402
import real_set  # noqa: E402
import validate  # noqa: E402
import second_opinion  # noqa: E402
import torch  # noqa: E402
from candidate_card import write  # noqa: E402
from model import count_params, load_model, pair_state  # noqa: E402

VERSION = "5.8.0"

REAL_SOURCES = [
    {"source": "real/lai-shake: Lai et al., CVPR 2016 real-world blurred images (via github xl-tang3/UAUDeblur)",
     "license": "no licence stated; research dataset, used inside this project only, never committed",
     "use": "fine-tuning (fit part), aggregation and threshold tuning (fit part), held-out report"},
    {"source": "real/night-shake: LEDNet real low-light inputs (github sczhou/LEDNet)",
     "license": "S-Lab License 1.0 (non-commercial); used inside this project only, never committed",
     "use": "fine-tuning (fit part), tuning (fit part), held-out report"},
    {"source": "real/phone-triplets: Kaggle blur dataset by Kwentar, scenes 1-9 (via github patelvini/Blur_Detection)",
     "license": "no licence stated; used inside this project only, never committed",
     "use": "fine-tuning (fit part), tuning (fit part), held-out report"},
    {"source": "real/phone-sharp: team phone photos (github jc-costa/Projeto-Sinais-e-Sistemas)",
     "license": "no licence stated; used inside this project only, never committed",
     "use": "fine-tuning (fit part, crisp tiles only), tuning (fit part), held-out report"},
    {"source": "real/urban-sharp: Urban100 HR, Flickr photos (Huang et al., CVPR 2015, via github jbhuang0604/SelfExSR)",
     "license": "no licence stated; research dataset, used inside this project only, never committed",
     "use": "fine-tuning (fit part, crisp tiles only), tuning (fit part), held-out report"},
    {"source": "real/bokeh-keepers: Debian packages gcompris-qt-data (GPL-3+), budgie-backgrounds (CC0-1.0), "
               "lxqt-themes (CC-BY-SA-3.0), kphotoalbum (GPL-2+), palapeli-data (public domain), python3-sklearn "
               "(CC-BY-2.0)",
     "license": "free licences per file (MANIFEST.tsv); not committed",
     "use": "fine-tuning (fit part, crisp subject tiles), tuning (fit part), held-out report"},
]


def add_second_opinion(c, pair, second):
    """The card of a CrispBlurPair: both networks' size, the second one's outputs and its own verdict fields."""
    n = count_params(pair)
    c["parameters"], c["weightsBytes"] = n, n * 4
    c["architecture"] = ("two networks of the same chain in one graph (first: blur, motion, crisp; second: blur_b, "
                         "motion_b, crisp_b; texture and isotropy shared), each: " + c["architecture"])
    for k in ("blur", "motion", "crisp"):
        c["outputs"][k + "_b"] = "the second network's " + k
    c["secondOpinion"] = {
        "description": "the second network (another seed of the same chain), judged by its own aggregation and "
                       "threshold; its score moves onto the card's scale in logit space (logit(s) - logit(threshold) + "
                       "logit(card threshold)) and the photo scores as the blurrier of the two opinions, with that "
                       "opinion's focus map and blur type",
        "outputs": {"blur": "blur_b", "motion": "motion_b", "crisp": "crisp_b"},
        **card_mod.verdict_fields({k: v for k, v in second.items() if k not in ("ghost", "motionMin")}),
    }
    if second.get("motionMin") is not None:
        c["secondOpinion"]["motionMin"] = second["motionMin"]
        c["secondOpinion"]["description"] += ("; it counts only where its blur-type score (the blurType rule's typeScore) "
                                              "is at least motionMin: camera motion")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--params", required=True)
    ap.add_argument("--tag", required=True)
    ap.add_argument("--draws", type=int, nargs="+", default=[1235])
    ap.add_argument("--cache", default="/tmp/crisp-draws")
    ap.add_argument("--real", default=os.path.join(ROOT, "..", "shared", "data", "real"))
    ap.add_argument("--finetune-command", required=True)
    ap.add_argument("--finetune-minutes", type=float, required=True)
    ap.add_argument("--second-ckpt", help="a second network of the same chain (another seed): the card's secondOpinion")
    ap.add_argument("--second-params", help="the second network's own tuned parameters (tune_real.py --out)")
    ap.add_argument("--second-tag", help="the second network's cross_draw tag")
    ap.add_argument("--second-command", default="", help="the commands that train the second network")
    a = ap.parse_args()
    params = json.load(open(a.params))
    # Settings moves the threshold in 0.01 steps and names a sensitivity only at its exact value. Rounded up: the
    # tuned cut sits just above the highest sharp validation score, and rounding down could flag that photo.
    params["threshold"] = math.ceil(round(params["threshold"] * 100, 6)) / 100
    models = os.path.join(ROOT, "resources", "models")
    card_path = os.path.join(models, "crisp-blur.json")
    tmp = os.path.join(HERE, ".work", "ship")
    second = json.load(open(a.second_params)) if a.second_ckpt else None
    shipped_ckpt = os.path.join(HERE, "checkpoints", "crisp-blur.pt")
    if second is None:
        write(a.ckpt, params, tmp, card_path)
        if not os.path.exists(shipped_ckpt) or not os.path.samefile(a.ckpt, shipped_ckpt):  # re-tuning the shipped weights
            shutil.copy(a.ckpt, shipped_ckpt)
    else:
        pair = pair_state(torch.load(a.ckpt, map_location="cpu"), torch.load(a.second_ckpt, map_location="cpu"))
        pair_ckpt = os.path.join(tmp, "crisp-blur-pair.pt")
        os.makedirs(tmp, exist_ok=True)
        torch.save(pair, pair_ckpt)
        write(pair_ckpt, params, tmp, card_path)
        shutil.copy(pair_ckpt, shipped_ckpt)
    shutil.copy(os.path.join(tmp, "crisp-blur.onnx"), os.path.join(models, "crisp-blur.onnx"))
    c = json.load(open(os.path.join(tmp, "crisp-blur.json")))
    if second is not None:
        add_second_opinion(c, load_model(torch.load(shipped_ckpt, map_location="cpu")), second)
    c["version"] = VERSION
    c["architecture"] = c["architecture"].replace("CrispBlurNet v4:", "CrispBlurNet v4 (v5 weights: fine-tuned on real blur):")
    t = c["training"]
    base = {k: t[k] for k in ("command", "seed", "durationMinutes", "durationBreakdown", "hardware", "tiles", "epochs")}
    if "base" in t:  # re-shipping over a card that already records its base run
        base["command"] = t["base"]["command"]
    t["base"] = dict(base, note="the v4 run the fine-tune starts from (training/checkpoints/crisp-blur-v4.pt)")
    t["command"] = base["command"] + " && " + a.finetune_command
    t["fineTune"] = {
        "command": a.finetune_command, "minutes": a.finetune_minutes,
        "what": "training/finetune_real.py, twice: v5b = the v4 network fine-tuned on the fit part of real/ mixed with "
                "40k synthesised tiles (real blurry photos: every textured tile blurry; real sharp photos and keepers: "
                "crisp tiles sharp; crisp heads distilled from the starting network on real tiles), blended 0.5/0.5 "
                "with v4 (soup.py); v5u = that blend fine-tuned the same way with 8000 trail_tiles.py tiles added "
                "(dusk scenes whose point lights are shaken into trails, the same lights held still, double exposures)",
        "split": "real/SPLIT.tsv by scene: fit (trained and tuned on), heldout (reported only)",
        "fitPhotos": sum(1 for p in real_set.load(a.real) if p["part"] == "fit"),
        "heldoutPhotos": sum(1 for p in real_set.load(a.real) if p["part"] == "heldout"),
    }
    t["data"] = [d for d in t["data"] if "real/" not in d.get("source", "")] + REAL_SOURCES
    t["tuning"] = ("training/tune_real.py: validate.tune (no sharp photo flagged if any setting allows it, then the "
                   "most blurry caught) on the synthetic validation draw(s) %s plus the real fit part counted 4 times; "
                   "the whole-frame shake and coarse-when-unsure rules (its softFrame too) must also raise no sharp variant of "
                   "draw 1236" % a.draws)
    if params.get("ghost"):
        t["tuning"] += ("; aggregation.ghost (doubled edges) from training/tune_ghost.py on sharp photos only: lo = 0.03 "
                        "above the highest evidence of any sharp photo past its gates (real fit sharp and keepers, the "
                        "synthesis photos at 1x, 0.5x and 0.3x, every sharp and keeper variant of draws 1235 and 1236), "
                        "hi = lo + 0.1; it raises no sharp photo there, and metrics.validation does not include it")
    if second is not None:
        t["secondOpinion"] = {
            "command": a.second_command,
            "what": "the same chain as fineTune with another seed; its aggregation tuned on its own the same way "
                    "(training/tune_real.py); its gate (motionMin) and threshold by training/second_opinion.py "
                    "(tune_gate: per gate, the lowest threshold at which the pair flags no sharp variant that the first "
                    "network keeps on draw 1235, the fit part and the safety draws 1236 and 1237; the best tuner key "
                    "wins); draw 1238 was scored only afterwards",
        }
    draws = {s: cross_draw.load(a.cache, [a.tag], s) for s in a.draws}
    summ = {}
    for s, d in draws.items():
        sc = (validate.evaluate(d, params) if second is None else
              second_opinion.evaluate_pair(d, cross_draw.load(a.cache, [a.second_tag], s), params, second))
        summ = validate.report(params, sc, 17, log=lambda *x: None)
        summ["draw"] = s
    summ["command"] = "/usr/bin/python3 training/tune_real.py --ckpt %s --tag %s --draws %s" % (
        os.path.relpath(a.ckpt, ROOT), a.tag, " ".join(map(str, a.draws)))
    c["metrics"]["validation"] = summ
    c.pop("calibration", None)
    with open(card_path, "w") as f:
        json.dump(c, f, indent=2)
        f.write("\n")
    print("shipped", c["version"], c["sha256"][:12], "threshold", c["threshold"])


if __name__ == "__main__":
    main()
