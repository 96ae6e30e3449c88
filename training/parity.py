"""Print PyTorch outputs for raw float32 NCHW tiles (for the engine's ORT-vs-PyTorch test).

Usage: /usr/bin/python3 training/parity.py --tiles FILE.f32 --n N [--ckpt training/checkpoints/crisp-blur.pt]
Prints JSON {"blur":[...],"motion":[...],"texture":[...],"isotropy":[...]} plus, for v4 models,
"crisp":[...] (N*4 values, row-major, as onnxruntime returns them); a CrispBlurPair adds blur_b, motion_b, crisp_b.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import load_model  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tiles", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--ckpt", default=os.path.join(HERE, "checkpoints", "crisp-blur.pt"))
    a = ap.parse_args()
    torch.set_num_threads(2)
    x = np.fromfile(a.tiles, dtype="<f4", count=a.n * 3 * 128 * 128).reshape(a.n, 3, 128, 128)
    m = load_model(torch.load(a.ckpt, map_location="cpu"))  # architecture from the checkpoint's keys
    with torch.no_grad():
        out = m(torch.from_numpy(x.copy()))
    names = getattr(m, "OUTPUTS", ["blur", "motion", "texture", "isotropy", "crisp"])
    print(json.dumps({k: v.double().reshape(-1).tolist() for k, v in zip(names, out)}))


if __name__ == "__main__":
    main()
