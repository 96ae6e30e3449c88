"""Photo-level aggregation of tile outputs (identical to the engine contract).

Blur head: selected tiles = texture >= textureMin AND isotropy >= isotropyMin; if fewer than
minTextured qualify, the minTextured tiles with the highest texture*isotropy (stable order) are used.
Head score = linear-interpolated quantile q of the selected tiles' blur probabilities.
Without isotropy (v1 models) the gate and the product reduce to texture alone.

Directional crispness (v4): per direction, the k-th highest crisp probability over the tiles with
texture >= textureMin (all tiles if none) is the photo's evidence of crisp detail along that
direction; the directional score is 1 - the weakest direction's evidence. A sharp photo has crisp
detail along every direction somewhere (a sharp subject is enough); camera shake removes it along
the shake everywhere, even where edges parallel to it stay crisp. The photo score is the higher of
the head score and the directional score shifted in logit space (logitShift) onto the head's scale.

Directional anisotropy (v4.1, optional): the evidence (its own k and textureMin) clipped to [1 - clip, clip];
anisotropy = (logit(strongest) - logit(weakest)) / (2 logit(clip)), in 0..1. Shake leaves crisp detail along
itself and removes it across, so the directions disagree; a fog photo whose crisp detail is faint everywhere
has a weak "weakest direction" but directions that agree. It enters the photo score like the directional
score, with its own logit shift.
"""
import math

import numpy as np


def gated(tex, texture_min, iso=None, isotropy_min=None):
    """Mask of the tiles that pass the texture (and, given isotropy, isotropy) gate, without the fallback."""
    ok = tex >= texture_min
    if iso is not None and isotropy_min is not None:
        ok &= iso >= isotropy_min
    return ok


def select(tex, texture_min, min_textured, iso=None, isotropy_min=None):
    gate = iso is not None and isotropy_min is not None
    idx = np.nonzero(gated(tex, texture_min, iso, isotropy_min))[0]
    if len(idx) < min_textured:
        rank = tex.astype(np.float64) * (iso.astype(np.float64) if gate else 1.0)
        idx = np.argsort(-rank, kind="stable")[:min(min_textured, len(tex))]
    return idx


def photo_score(blur, tex, q, texture_min, min_textured, iso=None, isotropy_min=None):
    idx = select(tex, texture_min, min_textured, iso, isotropy_min)
    return float(np.quantile(blur[idx], q))  # numpy default = linear interpolation


def selected_blur(blur, tex, texture_min, min_textured, iso=None, isotropy_min=None):
    """The selected tiles' blur, sharpest first: the first under coarseWhenUnsure.minTileBlur means some region is
    confidently sharp."""
    return np.sort(blur[select(tex, texture_min, min_textured, iso, isotropy_min)])


def soft_frame(sorted_blur, min_tile, subject_gap, median_min):
    """coarseWhenUnsure.softFrame (v5.7) on selected_blur: the frame is soft all over rather than a subject on a
    blurred background. Its sharpest selected tile is not confidently sharp (blur >= min_tile), the next one is within
    subject_gap of it (no lone tile stands out as a subject: a small subject's tile sits far below the rest) and the
    selected tiles' median blur is >= median_min (most of the frame is soft, not merely low in contrast)."""
    b = sorted_blur
    return len(b) >= 2 and b[0] >= min_tile and b[1] - b[0] < subject_gap and float(np.median(b)) >= median_min


def photo_motion(blur, motion, tex, texture_min, min_textured, tile_blur_min=0.5, iso=None, isotropy_min=None):
    idx = select(tex, texture_min, min_textured, iso, isotropy_min)
    b = idx[blur[idx] >= tile_blur_min]
    if len(b) == 0:
        b = idx
    return float(motion[b].mean())


def shake_context(blur, motion, tex, q, fraction, motion_min, min_tiles, texture_min, min_textured, iso=None,
                  isotropy_min=None, head=None, head_min=0.0, subject_tile=None):
    """Whole-frame shake (v5.1): when at least `fraction` of the selected tiles are blurry (blur >= 0.5) and
    their mean motion-head value is at least `motion_min`, the frame was shaken as a whole, and a few crisp-
    looking tiles (a light trail, a doubled edge, a glint) are not a sharp subject: the head then reads the
    higher quantile `q`. A sharp subject on a defocused background keeps the low quantile (its blurry tiles
    are defocus, motion near 0). A frame with fewer than `min_tiles` tiles that pass the texture gate (a
    low-contrast page, a close-up face) has too little detail to judge as a whole and keeps the low quantile.
    A frame whose sharpest tiles are confidently sharp (head score below `head_min`) has a subject, not a doubtful
    crisp-looking region (a panned shot: the camera followed a sharp subject across a streaked background).
    So does a frame with one selected tile under `subject_tile` (v5.6): a subject of a tile or two lifts the
    interpolated head over head_min among a dozen tiles, but its own tile stays confidently sharp.
    Returns that quantile, or None when the frame is not shaken as a whole."""
    if head is not None and head < head_min:
        return None
    idx = select(tex, texture_min, min_textured, iso, isotropy_min)
    if subject_tile is not None and blur[idx].min() < subject_tile:
        return None
    if gated(tex, texture_min, iso, isotropy_min).sum() < min_tiles:
        return None
    b = blur[idx]
    blurry = b >= 0.5
    if blurry.mean() < fraction or motion[idx][blurry].mean() < motion_min:
        return None
    return float(np.quantile(b, q))


def crisp_evidence(crisp, tex, k, texture_min):
    """crisp [n,4] -> [4]: per direction the k-th highest value over the textured tiles."""
    idx = np.nonzero(tex >= texture_min)[0]
    if len(idx) == 0:
        idx = np.arange(len(tex))
    c = -np.sort(-crisp[idx].astype(np.float64), axis=0)
    return c[min(k, len(idx)) - 1]


def directional_score(crisp, tex, k, texture_min):
    d = crisp_evidence(crisp, tex, k, texture_min)
    return float(1.0 - d.min()), d


def anisotropy_score(crisp, tex, k, texture_min, clip):
    c = np.clip(crisp_evidence(crisp, tex, k, texture_min), 1 - clip, clip)
    return float((logit(c.max()) - logit(c.min())) / (2 * logit(clip)))


EPS = 1e-6


def logit(p):
    p = min(max(p, EPS), 1 - EPS)
    return math.log(p / (1 - p))


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def combine(head, directional, logit_shift, mode="max", anisotropy=None, anisotropy_shift=0.0):
    d = sigmoid(logit(directional) + logit_shift)
    s = d if mode == "directional-only" else max(head, d)
    return s if anisotropy is None else max(s, sigmoid(logit(anisotropy) + anisotropy_shift))
