"""v5: fine-tune the shipped tile network on real camera blur (the `fit` part of ../shared/data/real) mixed
with freshly synthesised tiles.

Real tiles (analysis scale, stride 64, dihedral augmentation, at most PER_PHOTO per photo):
  blurry photos (lai-shake, night-shake, phone-triplets _F/_M): every textured tile is blurry. Hand-held
    shake moves the whole frame, so a light trail, a doubled edge or a smeared loop is blurry whatever it
    looks like inside 128 px; motion label 1 for shake, 0 for the triplets' defocus.
  sharp photos (lai-shake sharp, phone-sharp, urban-sharp, phone-triplets _S): textured tiles that pass the
    synthesis' crispness test (edge_ratio >= 2.3) are sharp; their defocused backgrounds are left out.
  bokeh-keepers: with --bokeh (the shipped v5b run) their crisp tiles, the subject, are sharp like any sharp
    photo's; their blurred backgrounds are left out. The held-out keepers are never trained on.
The directional crisp heads of real tiles are distilled from the shipped network (no per-direction labels
exist for real photos), except defocused triplets, where nothing is crisp along any direction. Synthetic
tiles keep all their labels, so the small-subject keepers the synthesis teaches stay taught.

Usage: /usr/bin/python3 training/finetune_real.py --photos ../shared/data/photos --real ../shared/data/real \
          [--out training/checkpoints/crisp-blur-v5.pt] [--tiles 40000] [--epochs 4] [--seed 1234]
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import real_set  # noqa: E402
from model import load_model  # noqa: E402
from preprocess import tiles_from_array  # noqa: E402
from split import split  # noqa: E402
from tile_dataset import SHARP_RATIO, TEXTURE_MIN_POOL, build_pool, edge_ratio, luma, tile_texture  # noqa: E402

PER_PHOTO = 160
REAL_STRIDE = 64
T0 = time.time()


def log(*a):
    print("[%6.1fs]" % (time.time() - T0), *a, flush=True)


def real_tiles(photos, rng):
    """uint8 tiles [n,3,128,128], blur label [n], motion label [n] (-1 ignore), crisp mode [n] (0 distil,
    1 all directions 0), photo index [n]."""
    X, yb, ym, cm, pid = [], [], [], [], []
    for i, p in enumerate(photos):
        arr = real_set.analysis_array(p["path"])
        lo = luma(arr.astype(np.float32) / 255)
        pad = np.pad(lo, 16, mode="reflect")
        t, pos = tiles_from_array(arr, REAL_STRIDE)
        keep = []
        for j, (y, x) in enumerate(pos):
            tl = lo[y:y + 128, x:x + 128]
            if tile_texture(tl) < TEXTURE_MIN_POOL:
                continue
            if p["label"] == 0 and edge_ratio(pad[y:y + 160, x:x + 160]) < SHARP_RATIO:
                continue
            keep.append(j)
        if len(keep) > PER_PHOTO:
            keep = sorted(rng.choice(keep, PER_PHOTO, replace=False).tolist())
        for j in keep:
            X.append((t[j] * 255 + 0.5).astype(np.uint8))
            yb.append(float(p["label"]))
            ym.append(-1.0 if p["label"] == 0 else (0.0 if p["btype"] == "defocus" else 1.0))
            cm.append(1 if p["label"] == 1 and p["btype"] == "defocus" else 0)
            pid.append(i)
    return (np.stack(X), np.array(yb, np.float32), np.array(ym, np.float32), np.array(cm, np.int64),
            np.array(pid))


def synthetic_tiles(a, rng):
    """Synthetic tiles as train.py makes them (cached in training/.work: synthesis is the slow part)."""
    path = os.path.join(HERE, ".work", "synth-%d-%d.npz" % (a.seed + 77, a.tiles))
    if os.path.exists(path):
        z = np.load(path)
        return z["X"], z["yb"], z["ym"], z["yd"]
    from train import synth_parallel
    torch.set_num_threads(1)
    train_p, _ = split(a.photos)
    pool = build_pool(train_p, rng, log=log)
    X, yb, ym, yd, _ = synth_parallel(pool, a.tiles, a.seed + 77, a.workers, log, p_blur=0.4, p_dof=0.12)
    X = np.array(X)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.savez(path, X=X, yb=yb, ym=ym, yd=yd)
    return X, yb, ym, yd


def dihedral(x, k, flip):
    x = torch.rot90(x, k, dims=(2, 3))
    return torch.flip(x, dims=(3,)) if flip else x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", required=True)
    ap.add_argument("--real", required=True)
    ap.add_argument("--init", default=os.path.join(HERE, "checkpoints", "crisp-blur-v4.pt"))
    ap.add_argument("--out", default=os.path.join(HERE, "checkpoints", "crisp-blur-v5.pt"))
    ap.add_argument("--tiles", type=int, default=40000)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--real-per-batch", type=int, default=48)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--bokeh", action="store_true", help="also train on the fit keepers' crisp (subject) tiles")
    ap.add_argument("--trail-tiles", type=int, default=0,
                    help="add this many trail_tiles.py tiles (light trails, still point lights, doubled edges)")
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)

    photos = [p for p in real_set.load(a.real) if p["part"] == "fit"
              and (a.bokeh or p["set"] != "bokeh-keepers")]
    Xr, ybr, ymr, cmr, pid = real_tiles(photos, rng)
    log("real tiles: %d from %d fit photos (blurry %d, sharp %d, defocus %d)" % (
        len(Xr), len(photos), int(ybr.sum()), int((ybr == 0).sum()), int(cmr.sum())))

    Xs, ybs, yms, yds = synthetic_tiles(a, rng)
    if a.trail_tiles:
        import trail_tiles
        torch.set_num_threads(1)
        Xt, ybt, ymt, ydt = trail_tiles.make(build_pool(split(a.photos)[0], rng, log=log), a.trail_tiles, rng)
        log("trail tiles: %d (blurry %.3f)" % (len(Xt), ybt.mean()))
        Xs, ybs, yms, yds = (np.concatenate(v) for v in ((Xs, Xt), (ybs, ybt), (yms, ymt), (yds, ydt)))
    log("synthetic tiles: %d (blurry %.3f)" % (len(Xs), ybs.mean()))

    torch.set_num_threads(2)
    teacher = load_model(torch.load(a.init, map_location="cpu")).eval()
    model = load_model(torch.load(a.init, map_location="cpu"))
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    bs_syn = 128 - a.real_per_batch
    steps_ep = len(Xs) // bs_syn
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.epochs * steps_ep, pct_start=0.1)
    g = torch.Generator().manual_seed(a.seed)
    Xs_t, ybs_t, yms_t, yds_t = map(torch.from_numpy, (Xs, ybs, yms, yds))
    Xr_t, ybr_t, ymr_t, cmr_t = map(torch.from_numpy, (Xr, ybr, ymr, cmr))
    # blurry and sharp photos get half of the real part of a batch each, and within a side every photo the
    # same share (a 2048 px triplet must not outweigh a small hand-held shot)
    n_tiles = np.bincount(pid)
    n_photos = {lab: len(set(pid[ybr == lab])) for lab in (0, 1)}
    w = np.array([0.5 / n_photos[int(l)] / n_tiles[i] for l, i in zip(ybr, pid)])
    w_t = torch.from_numpy(w)
    for ep in range(a.epochs):
        model.train()
        perm = torch.randperm(len(Xs), generator=g)
        acc_s = acc_r = tot = 0.0
        for i in range(steps_ep):
            si = perm[i * bs_syn:(i + 1) * bs_syn]
            ri = torch.multinomial(w_t, a.real_per_batch, replacement=True, generator=g)
            xr = Xr_t[ri].float() / 255
            k, fl = int(torch.randint(0, 4, (1,), generator=g)), bool(torch.randint(0, 2, (1,), generator=g))
            xr = dihedral(xr, k, fl)
            with torch.no_grad():
                crisp_t = torch.sigmoid(teacher.logits(xr)[:, 2:6])
            crisp_t[cmr_t[ri] == 1] = 0.0
            x = torch.cat([Xs_t[si].float() / 255, xr])
            z = model.logits(x)
            ns = len(si)
            yb = torch.cat([ybs_t[si], ybr_t[ri]])
            ym = torch.cat([yms_t[si], ymr_t[ri]])
            lb_s = F.binary_cross_entropy_with_logits(z[:ns, 0], yb[:ns])
            lb_r = F.binary_cross_entropy_with_logits(z[ns:, 0], yb[ns:])
            mm = ym >= 0
            lm = F.binary_cross_entropy_with_logits(z[mm, 1], ym[mm]) if mm.any() else z.sum() * 0
            yd = yds_t[si]
            dm = yd >= 0
            lc_s = F.binary_cross_entropy_with_logits(z[:ns, 2:6][dm], yd[dm]) if dm.any() else z.sum() * 0
            lc_r = F.binary_cross_entropy_with_logits(z[ns:, 2:6], crisp_t)
            loss = lb_s + lb_r + lm + lc_s + 0.5 * lc_r
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            acc_s += ((z[:ns, 0] > 0).float() == yb[:ns]).float().mean().item()
            acc_r += ((z[ns:, 0] > 0).float() == yb[ns:]).float().mean().item()
            tot += loss.item()
        log("epoch %d  loss %.4f  synthetic acc %.4f  real acc %.4f" % (ep, tot / steps_ep, acc_s / steps_ep,
                                                                       acc_r / steps_ep))
    model.eval()
    torch.save(model.state_dict(), a.out)
    log("wrote", a.out)


if __name__ == "__main__":
    main()
