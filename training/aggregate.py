"""Photo-level aggregation of tile outputs (identical to the engine contract).

Selected tiles = texture >= textureMin AND isotropy >= isotropyMin; if fewer than minTextured
qualify, the minTextured tiles with the highest texture*isotropy (stable order) are used.
Photo score = linear-interpolated quantile q of the selected tiles' blur probabilities.
Without isotropy (v1 models) the gate and the product reduce to texture alone.
"""
import numpy as np


def select(tex, texture_min, min_textured, iso=None, isotropy_min=None):
    gate = iso is not None and isotropy_min is not None
    ok = tex >= texture_min
    if gate:
        ok &= iso >= isotropy_min
    idx = np.nonzero(ok)[0]
    if len(idx) < min_textured:
        rank = tex.astype(np.float64) * (iso.astype(np.float64) if gate else 1.0)
        idx = np.argsort(-rank, kind="stable")[:min(min_textured, len(tex))]
    return idx


def photo_score(blur, tex, q, texture_min, min_textured, iso=None, isotropy_min=None):
    idx = select(tex, texture_min, min_textured, iso, isotropy_min)
    return float(np.quantile(blur[idx], q))  # numpy default = linear interpolation


def photo_motion(blur, motion, tex, texture_min, min_textured, tile_blur_min=0.5, iso=None, isotropy_min=None):
    idx = select(tex, texture_min, min_textured, iso, isotropy_min)
    b = idx[blur[idx] >= tile_blur_min]
    if len(b) == 0:
        b = idx
    return float(motion[b].mean())
