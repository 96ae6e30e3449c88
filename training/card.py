"""Model card (resources/models/crisp-blur.json) builder."""
import collections
import csv
import os

import export_onnx
from model import count_params, macs_per_pixel

DEFAULT_AGG = {"quantile": 0.2, "textureMin": 0.03, "minTextured": 4, "isotropyMin": 0.1, "threshold": 0.5,
               "motionThreshold": 0.5}
STRIDE = 128
VERSION = "4.1.0"


def verdict_fields(tuned):
    """The card's aggregation, threshold and blur-type sections from the tuned parameters (defaults
    where validation was skipped)."""
    a = {**DEFAULT_AGG, **(tuned or {})}
    coarse = a.get("coarseScale")
    desc = ("textured-isotropic-quantile: selected = tiles with texture >= textureMin AND isotropy >= isotropyMin; "
            "if fewer than minTextured qualify, the min(minTextured, N) tiles with the highest texture*isotropy "
            "(stable order); pass score = linear-interpolated quantile(quantile) of the selected tiles' blur")
    if coarse is not None:
        desc += ("; the same on the analysis image downscaled by coarseScale (lanczos3; skipped where its short "
                 "side would be under one tile): blur longer than a tile's reach at the analysis scale fits it at "
                 "the coarse scale; photo blurScore = max of the two pass scores")
    else:
        desc += "; photo blurScore = that pass score"
    unsure = a.get("coarseWhenUnsure")
    if coarse is None and unsure is not None:
        desc += ("; coarseWhenUnsure: when the lowest blur among the selected analysis-scale tiles is >= "
                 "coarseWhenUnsure.minTileBlur (no confidently sharp region, so no subject to protect), the same pass "
                 "also runs on the analysis image downscaled by coarseWhenUnsure.scale (lanczos3; skipped where its "
                 "short side would be under one tile) and the photo scores as the blurrier pass")
        if unsure.get("softFrame"):
            desc += ("; coarseWhenUnsure.softFrame: the coarse pass also runs on a frame soft all over, where the "
                     "sharpest selected tile's blur is >= softFrame.minTileBlur, the second-sharpest is less than "
                     "softFrame.subjectGap above it (no lone tile stands out as a subject) and the selected tiles' "
                     "median blur (linear) is >= softFrame.medianMin")
        if unsure.get("anisotropy"):
            desc += ("; with coarseWhenUnsure.anisotropy, blurScore = max(blurScore, the directional.anisotropy rule "
                     "on that coarse pass's crisp outputs)")
    ctx = a.get("shakeContext")
    if ctx is not None:
        desc += ("; shakeContext (whole-frame shake): in each pass, when the pass score is >= shakeContext.headMin, "
                 "at least shakeContext.minTiles tiles pass "
                 "the texture/isotropy gate, at least shakeContext.fraction of the selected tiles have blur >= 0.5 "
                 "and those tiles' mean motion is >= shakeContext.motionMin, the "
                 "pass score is max(pass score, linear-interpolated quantile(shakeContext.quantile) of the selected "
                 "tiles' blur)")
        if "subjectTileBlur" in ctx:
            desc += ("; the rule leaves a pass alone where a selected tile's blur is under shakeContext.subjectTileBlur "
                     "(a confidently sharp subject)")
    d = a.get("directional")
    if d is not None:
        desc += ("; directional (analysis-scale pass): per direction the k-th highest crisp probability over the "
                 "tiles with texture >= directional.textureMin (all tiles if none), directional score = 1 - the "
                 "weakest direction's value")
        desc += ("; photo blurScore = sigmoid(logit(directional score) + logitShift)" if d["combine"] == "directional-only"
                 else "; photo blurScore = max(head score, sigmoid(logit(directional score) + logitShift))")
        if d.get("anisotropy"):
            desc += ("; directional.anisotropy: the evidence with its own k and textureMin, clipped to [1 - clip, "
                     "clip], anisotropy = (logit(strongest) - logit(weakest)) / (2 logit(clip)); blurScore = max("
                     "blurScore, sigmoid(logit(anisotropy) + anisotropy.logitShift))")
    ghost = a.get("ghost")
    if ghost is not None:
        desc += ("; ghost (doubled edges, analysis image, src/main/scoring/ghost-detector.ts = training/ghost.py): luma's "
                 "3 px minus 7 px box average per 128 px block (blocks with RMS >= ghost.rmsMin; up to ghost.maxBlocks, "
                 "every s-th block first), each block's autocorrelation normalised by its energy and overlap; a lag's "
                 "prominence = its mean autocorrelation minus the larger of the lags at half and twice its offset; "
                 "evidence = the best prominence over lags ghost.minLag..ghost.maxLag px minus the best rival outside "
                 "its multiples; with at least ghost.minBlocks blocks and at least ghost.minConsistency of them showing "
                 "half that prominence on their own, blurScore = max(blurScore, clip((evidence - ghost.lo) / (ghost.hi "
                 "- ghost.lo), 0, 1)), blur type motion when that decides")
    desc += "; blurry if blurScore >= threshold"
    agg = {"method": "textured-quantile", "quantile": a["quantile"], "textureMin": a["textureMin"],
           "minTextured": a["minTextured"], "interpolation": "linear", "isotropyMin": a["isotropyMin"]}
    if coarse is not None:
        agg["coarseScale"] = coarse
    elif unsure is not None:
        agg["coarseWhenUnsure"] = {k: unsure[k] for k in ("scale", "minTileBlur", "softFrame", "anisotropy") if k in unsure}
    if ctx is not None:
        agg["shakeContext"] = {k: ctx[k] for k in ("fraction", "motionMin", "quantile", "minTiles", "headMin", "subjectTileBlur")
                               if k in ctx}
    if d is not None:
        agg["directional"] = {"k": d["k"], "textureMin": d["textureMin"], "logitShift": d["logitShift"],
                              "combine": d["combine"]}
        if d.get("anisotropy"):
            agg["directional"]["anisotropy"] = dict(d["anisotropy"])
    if ghost is not None:
        agg["ghost"] = {k: ghost[k] for k in ("minLag", "maxLag", "rmsMin", "minBlocks", "maxBlocks", "minConsistency", "lo", "hi")}
    agg["description"] = desc
    blur_type = {"method": "mean-motion-over-blurry-selected-tiles (selected as in aggregation; tiles with "
                           "blur >= tileBlurMin, all selected if none), from the pass with the higher head score",
                 "tileBlurMin": 0.5, "motionThreshold": a["motionThreshold"]}
    if d is not None:
        blur_type["headWeight"] = a.get("typeHeadWeight", 1.0)
        blur_type["method"] += ("; typeScore = headWeight * that mean + (1 - headWeight) * directional anisotropy "
                                "(max - min of the four directions' evidence); motion if typeScore >= motionThreshold")
    return {"aggregation": agg, "threshold": a["threshold"], "blurType": blur_type}


def data_sources(photos_dir):
    man = os.path.join(photos_dir, "MANIFEST.tsv")
    groups = collections.OrderedDict()
    if os.path.exists(man):
        with open(man) as f:
            for row in csv.DictReader(f, delimiter="\t"):
                k = (row["source_debian_package"], row["license"])
                groups[k] = groups.get(k, 0) + 1
    return [{"source": "Debian package " + k[0], "license": k[1], "count": n} for k, n in groups.items()]


def build(model, onnx_path, agg, metrics, args, cmd, duration, train_p, val_p, fam):
    nparam = count_params(model)
    return {
        "id": "crisp-blur",
        "version": VERSION,
        "file": "crisp-blur.onnx",
        "sha256": export_onnx.sha256(onnx_path),
        "architecture": ("CrispBlurNet v4: fully-convolutional tile CNN; 3x3 s2 conv(10) -> depthwise-separable "
                         "blocks 20(s2),32(s2),32(residual),64(s2) [8x8 map, RF 47 px] -> (a) 1x1 reducer(48) -> "
                         "global max+mean; (b) context stages dwsep 64(s2) [4x4] -> 64(s2) [2x2, RF 143 px = whole "
                         "tile] -> global max+mean; concat 224 -> FC 224-48-6 (blur, motion and four directional "
                         "crisp logits); BN+ReLU; %.0f MAC/input pixel" % macs_per_pixel(model)),
        "parameters": nparam,
        "weightsBytes": nparam * 4,
        "input": {"name": "tiles", "layout": "NCHW", "dtype": "float32", "colorSpace": "sRGB", "channels": "RGB",
                  "scale": "byte/255", "normalization": "(x - 0.5) / 0.25 per channel, inside the graph",
                  "tileSize": 128},
        "outputs": {
            "blur": "float32 [N]: sigmoid probability that the tile is blurry (defocus, shake, motion or upscaling "
                    "visible at the analysis scale)",
            "motion": "float32 [N]: sigmoid probability that the tile's blur is motion/camera-shake rather than "
                      "defocus; trained on blurry tiles only, meaningless for sharp tiles",
            "texture": "float32 [N]: fixed (non-learned) luma = 0.299R+0.587G+0.114B, AvgPool 4x4 stride 4, "
                       "population std over the 32x32 result (0..0.5); survives blur, separates textured tiles "
                       "from sky/flat areas",
            "isotropy": "float32 [N]: fixed (non-learned) structure-tensor isotropy of the same 4x4 avg-pooled "
                        "luma (32x32) used for texture: Ix=(p[y][x+1]-p[y][x-1])/2, Iy=(p[y+1][x]-p[y-1][x])/2 "
                        "over the 30x30 interior, Jxx=sum Ix^2, Jyy=sum Iy^2, Jxy=sum Ix*Iy, eigenvalues "
                        "l1>=l2 = (Jxx+Jyy)/2 +- sqrt(((Jxx-Jyy)/2)^2+Jxy^2) (l2 clamped at 0), isotropy = "
                        "l2/(l1+1e-8) in 0..1; ~0 where the tile's detail runs in one direction only (edges "
                        "parallel to a camera shake stay sharp there, so such tiles cannot show shake)",
            "crisp": "float32 [N,4]: sigmoid probability that the tile shows crisp detail (edges or fine texture "
                     "that survived the optics) whose normal lies within +-22.5 degrees of 0, 45, 90 and 135 degrees "
                     "(0 = intensity changing along x, 90 = along y, image coordinates with y down); camera shake "
                     "removes crisp detail along the shake only, so a shaken photo lacks it in one direction "
                     "everywhere",
        },
        "analysis": {
            "tileSize": 128, "stride": STRIDE,
            "resize": "lanczos3, long edge to level, never upscale",
            "levels": {
                "standard": {"longEdge": 2048, "description": "Full-screen on a 4K display at normal viewing "
                             "distance: one 2048-px pixel ~ 2 screen pixels ~ the eye's acuity, so blur "
                             "visible at this scale is blur a photographer sees."},
                "strict": {"longEdge": 4096, "description": "Pixel-peeper level: ~100% view on a 5K display. "
                           "Same model, same threshold."},
            },
        },
        **verdict_fields(agg),
        "training": {
            "command": cmd, "seed": args.seed, "durationMinutes": round(duration, 1),
            "durationBreakdown": getattr(args, "timing", {}),
            "hardware": "2 CPU cores (no GPU), torch 1.13",
            "tiles": args.tiles, "epochs": args.epochs,
            "data": data_sources(args.photos),
            "synthesis": [
                "blur applied to whole photo regions (2x2 tiles + 32 px kernel margin) BEFORE tiling, then the "
                "ISP, then tiles are cut: every tile of a shaken region is labelled blurry whatever its content",
                "blurry: lens defocus disk r 2-25 px, soft rim 0.3-2.5 px, optional bright rim / centre-weighted "
                "profile, optional cat's-eye ellipticity (aspect 0.65-1), optional slight Gaussian",
                "blurry: Gaussian defocus sigma 1.4-8 px",
                "blurry: linear motion 6-45 px, any angle (half of the draws in the hard 6-20 px range)",
                "blurry: camera shake = random walk with momentum/inertia (curved, often a dominant direction, "
                "occasional jerks; equal-time samples so slow parts get more exposure), extent 6-45 px (half of the "
                "draws in the hard 6-20 px range), sub-pixel rasterised (4x supersampling)",
                "blurry: defocus r 1.5-6 + shake 6-30 px (motion label ignored)",
                "blurry: digital upscaling (antialiased downscale 2-4x, 60 % of it 2-3x, bicubic/bilinear upscale)",
                "family mix of blurry regions: disk 24 %, Gaussian 8 %, line 14 %, shake 32 %, mixed 10 %, "
                "upscaling 12 %",
                "motion head: blurry tiles only; label 0 = defocus (disk/Gaussian), label 1 = clearly elongated "
                "line/shake trails (length >= 8 px and kernel second-moment elongation sqrt(l1/l2) >= 2); "
                "short or curled-up shake kernels keep blur label 1 but their motion label is ignored; "
                "roughly balanced defocus vs motion",
                "sharp: photos at native, 2048-long-edge, 0.5x and 0.3x scales (downscaled sharp); a real tile "
                "is only labelled sharp if crisp (edge-ratio test: bokeh / fog tiles are dropped)",
                "sharp: synthetic shallow depth of field: blob-shaped sharp subject (15-50 % of a region) on a "
                "defocused background (disk r 4-20); tiles with >= 15 % crisp subject are SHARP, pure "
                "background tiles blurry",
                "ISP after blur, same distribution for sharp and blurry: sensor noise (signal-dependent luma + "
                "chroma), mild edge-aware denoise, unsharp-mask halos (amount 0.3-2), contrast/brightness, "
                "JPEG q55-98; sharp-only mild softness sigma 0.25-0.5; rot90/flip",
                "don't-care gap (never generated): disk r 0.8-2, Gaussian sigma 0.6-1.4, motion 2-6 px, "
                "upscaling < 2x",
                "crisp heads (v4): per tile and direction bin (edge normal within +-22.5 degrees of 0/45/90/135), "
                "from the clean region and the exact kernel: crisp pixels of the original (gradient at sigma 0.7 "
                ">= 0.05 of a unit step, ratio to the sigma-2 gradient >= 0.78) that survive the kernel projected "
                "onto their own normal (peak of the projection smoothed like the gradient >= 0.75 of a crisp "
                "step's); label 1 with >= 16 such pixels in the bin, 0 with <= 3 passing a looser test, else "
                "ignored; shallow DoF: the subject matte is the survival; upscaling: nothing survives",
            ],
            "split": {"method": "by photo (hand-picked representative validation photos, near-duplicate pairs "
                                "kept together)",
                      "train": [os.path.basename(p) for p in train_p],
                      "validation": [os.path.basename(p) for p in val_p]},
        },
        "metrics": {"validation": metrics or {}},
    }
