"""Model card (resources/models/crisp-blur.json) builder."""
import collections
import csv
import os

import export_onnx
from model import count_params, macs_per_pixel

DEFAULT_AGG = {"quantile": 0.2, "textureMin": 0.03, "minTextured": 4, "threshold": 0.5, "motionThreshold": 0.5}
STRIDE = 128


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
    a = dict(DEFAULT_AGG)
    if agg:
        a.update(agg)
    nparam = count_params(model)
    return {
        "id": "crisp-blur",
        "version": "1.0.0",
        "file": "crisp-blur.onnx",
        "sha256": export_onnx.sha256(onnx_path),
        "architecture": ("CrispBlurNet: fully-convolutional tile CNN; 3x3 s2 conv(10) -> depthwise-separable "
                         "blocks 20(s2),32(s2),32(residual),64(s2) -> 1x1 reducer(48) -> global max+mean -> "
                         "FC 96-32-2 (blur, motion logits); BN+ReLU; %.0f MAC/input pixel" % macs_per_pixel(model)),
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
        "aggregation": {"method": "textured-quantile", "quantile": a["quantile"], "textureMin": a["textureMin"],
                        "minTextured": a["minTextured"], "interpolation": "linear"},
        "threshold": a["threshold"],
        "blurType": {"method": "mean-motion-over-blurry-selected-tiles", "tileBlurMin": 0.5,
                     "motionThreshold": a["motionThreshold"]},
        "training": {
            "command": cmd, "seed": args.seed, "durationMinutes": round(duration, 1),
            "hardware": "2 CPU cores (no GPU), torch 1.13",
            "tiles": args.tiles, "epochs": args.epochs,
            "data": data_sources(args.photos),
            "synthesis": [
                "blurry: lens defocus disk r 2-10 px (antialiased, +optional slight Gaussian)",
                "blurry: Gaussian defocus sigma 1.4-5 px",
                "blurry: linear motion 6-30 px, any angle",
                "blurry: camera shake random-walk trajectories 6-30 px span",
                "blurry: digital upscaling (antialiased downscale 2-4x, bicubic/bilinear upscale)",
                "sharp: photos at native, 2048-long-edge, 0.5x and 0.3x scales (downscaled sharp)",
                "sharp: mild phone softness (Gaussian sigma 0.25-0.5) + unsharp-mask halos",
                "both: high-ISO signal-dependent luma+chroma noise, low contrast / brightness shifts, "
                "JPEG q55-98, rot90/flip",
                "don't-care gap (never generated): disk r 0.8-2, Gaussian sigma 0.6-1.4, motion 2-6 px, "
                "upscaling < 2x",
                "real shallow-DoF / fog tiles: never labelled sharp (edge-ratio test), only used as "
                "sources for blurry tiles",
            ],
            "split": {"method": "by photo (hand-picked representative validation photos, near-duplicate pairs "
                                "kept together)",
                      "train": [os.path.basename(p) for p in train_p],
                      "validation": [os.path.basename(p) for p in val_p]},
        },
        "metrics": {"validation": metrics or {}},
    }
