"""Photo-level aggregation of tile outputs (identical to the engine contract)."""
import numpy as np


def select(tex, texture_min, min_textured):
    idx = np.nonzero(tex >= texture_min)[0]
    if len(idx) < min_textured:
        idx = np.argsort(-tex, kind="stable")[:min(min_textured, len(tex))]
    return idx


def photo_score(blur, tex, q, texture_min, min_textured):
    idx = select(tex, texture_min, min_textured)
    return float(np.quantile(blur[idx], q))  # numpy default = linear interpolation


def photo_motion(blur, motion, tex, texture_min, min_textured, tile_blur_min=0.5):
    idx = select(tex, texture_min, min_textured)
    b = idx[blur[idx] >= tile_blur_min]
    if len(b) == 0:
        b = idx
    return float(motion[b].mean())
