"""Weight interpolation ("model soup") of two checkpoints of the same network: (1 - alpha) * A + alpha * B for
every floating-point tensor (weights and batch-norm statistics). The v5 fine-tune starts from v4, so the two
share a basin and the blend trades v4's keepers against v5b's real-shake recall at no inference cost.

Usage: /usr/bin/python3 training/soup.py A.pt B.pt ALPHA OUT.pt
"""
import sys

import torch


def soup(a, b, alpha):
    return {k: (a[k].float() * (1 - alpha) + b[k].float() * alpha).to(a[k].dtype) if a[k].is_floating_point() else b[k]
            for k in a}


def main():
    a, b, alpha, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    torch.save(soup(torch.load(a, map_location="cpu"), torch.load(b, map_location="cpu"), alpha), out)


if __name__ == "__main__":
    main()
