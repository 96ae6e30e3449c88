"""Put several checkpoints of the same network into one ensemble checkpoint (model.CrispBlurEnsemble: every logit is
the members' mean). Unlike soup.py, which averages weights, this averages scores.

Usage: /usr/bin/python3 training/ensemble.py A.pt B.pt [C.pt ...] OUT.pt
"""
import sys

import torch


def ensemble(states):
    return {"members.%d.%s" % (i, k): v for i, s in enumerate(states) for k, v in s.items()}


def main():
    *members, out = sys.argv[1:]
    if len(members) < 2:
        sys.exit("ensemble.py: give at least two member checkpoints and the output path")
    torch.save(ensemble([torch.load(m, map_location="cpu") for m in members]), out)


if __name__ == "__main__":
    main()
