"""A candidate model for the product's own eval: the checkpoint exported to ONNX beside a copy of the shipped
card with the tuned aggregation, threshold and blur-type rule, so `crisp eval --model OUT/crisp-blur.json`
judges it exactly as it would ship.

Usage: /usr/bin/python3 training/candidate_card.py --ckpt CK.pt --params tuned.json --out DIR
"""
import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import card as card_mod  # noqa: E402
import export_onnx  # noqa: E402
from model import load_model  # noqa: E402


def write(ckpt, params, out, base_card=os.path.join(HERE, "..", "resources", "models", "crisp-blur.json")):
    os.makedirs(out, exist_ok=True)
    onnx_path = os.path.join(out, "crisp-blur.onnx")
    export_onnx.export(load_model(torch.load(ckpt, map_location="cpu")), onnx_path)
    c = json.load(open(base_card))
    c.update(card_mod.verdict_fields(params))
    c["sha256"] = export_onnx.sha256(onnx_path)
    c.pop("calibration", None)
    with open(os.path.join(out, "crisp-blur.json"), "w") as f:
        json.dump(c, f, indent=2)
    return os.path.join(out, "crisp-blur.json")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--params", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    print(write(a.ckpt, json.load(open(a.params)), a.out))


if __name__ == "__main__":
    main()
