"""Crisp blur model: photos -> tiles -> CNN -> ONNX + model card.

Usage: /usr/bin/python3 training/train.py --photos DIR [--out resources/models] [--seed N]
"""
import argparse
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import CrispBlurNet, count_params, macs_per_pixel  # noqa: E402
from split import split  # noqa: E402
from tile_dataset import build_pool, make_tiles  # noqa: E402
import export_onnx  # noqa: E402
import card as card_mod  # noqa: E402


def log(*a):
    print("[%6.1fs]" % (time.time() - T0), *a, flush=True)


def seed_all(s):
    random.seed(s)
    np.random.seed(s)
    torch.manual_seed(s)


def synth_parallel(pool, n, seed, workers, log, **kw):
    """Tile synthesis in `workers` forked processes (1 torch thread each), writing into one shared
    buffer. Worker i uses np.random.default_rng([seed, i]) and the i-th contiguous slice, so the
    result is identical run to run."""
    import mmap
    import pickle
    import tempfile
    buf = mmap.mmap(-1, n * 3 * 128 * 128)
    X = np.frombuffer(buf, dtype=np.uint8).reshape(n, 3, 128, 128)
    sizes = [n // workers + (1 if i < n % workers else 0) for i in range(workers)]
    offs = np.cumsum([0] + sizes)
    tmp = tempfile.mkdtemp(prefix="crisp-synth-")
    pids = []
    for i in range(workers):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                torch.set_num_threads(1)
                r = np.random.default_rng([seed, i])
                _, yb, ym, yd, fam = make_tiles(pool, sizes[i], r, log=log, out=X[offs[i]:offs[i + 1]], **kw)
                with open(os.path.join(tmp, "%d.pkl" % i), "wb") as f:
                    pickle.dump((yb, ym, yd, fam), f)
                code = 0
            finally:
                os._exit(code)
        pids.append(pid)
    for pid in pids:
        _, st = os.waitpid(pid, 0)
        if st != 0:
            raise RuntimeError("synthesis worker failed")
    parts = []
    for i in range(workers):
        with open(os.path.join(tmp, "%d.pkl" % i), "rb") as f:
            parts.append(pickle.load(f))
        os.remove(os.path.join(tmp, "%d.pkl" % i))
    os.rmdir(tmp)
    yb = np.concatenate([p[0] for p in parts])
    ym = np.concatenate([p[1] for p in parts])
    yd = np.concatenate([p[2] for p in parts])
    fam = [f for p in parts for f in p[3]]
    return X, yb, ym, yd, fam


MIXED_CRISP_WEIGHT = 3.0


def train_model(model, X, yb, ym, yd, epochs, bs, lr, seed):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    n = len(X)
    steps = epochs * (n // bs)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.15)
    Xt = torch.from_numpy(X)
    ybt = torch.from_numpy(yb)
    ymt = torch.from_numpy(ym)
    ydt = torch.from_numpy(yd)
    step = 0
    for ep in range(epochs):
        model.train()
        perm = torch.randperm(n, generator=g)
        tl, tm, tc, acc = 0.0, 0.0, 0.0, 0.0
        for i in range(n // bs):
            idx = perm[i * bs:(i + 1) * bs]
            x = Xt[idx].float() / 255
            z = model.logits(x)
            lb = F.binary_cross_entropy_with_logits(z[:, 0], ybt[idx])
            mm = ymt[idx] >= 0
            lm = F.binary_cross_entropy_with_logits(z[mm, 1], ymt[idx][mm]) if mm.any() else z.sum() * 0
            yc = ydt[idx]
            dm = yc >= 0
            # tiles crisp along some directions and not others teach direction: they weigh more
            mixed = ((yc == 1).any(1) & (yc == 0).any(1)).float()[:, None].expand_as(yc)
            wc = (1 + (MIXED_CRISP_WEIGHT - 1) * mixed)[dm]
            lc = (F.binary_cross_entropy_with_logits(z[:, 2:6][dm], yc[dm], weight=wc) if dm.any()
                  else z.sum() * 0)
            loss = lb + 1.0 * lm + 1.0 * lc
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            tl += lb.item()
            tm += lm.item()
            tc += lc.item()
            acc += ((z[:, 0] > 0).float() == ybt[idx]).float().mean().item()
        k = n // bs
        log("epoch %d  blur-loss %.4f  motion-loss %.4f  crisp-loss %.4f  acc %.4f" % (
            ep, tl / k, tm / k, tc / k, acc / k))
    return model


@torch.no_grad()
def predict(model, X, bs=512):
    model.eval()
    outs = []
    for i in range(0, len(X), bs):
        x = torch.from_numpy(X[i:i + bs])
        x = x.float() / 255 if x.dtype == torch.uint8 else x
        o = model(x)  # v4: blur, motion, texture, isotropy, crisp [N,4]; v2/v3: the first four
        cols = [torch.stack(o[:4], 1)] + ([o[4]] if len(o) > 4 else [])
        outs.append(torch.cat(cols, 1))
    return torch.cat(outs).numpy()


def main():
    global T0
    T0 = time.time()
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "resources", "models"))
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--tiles", type=int, default=80000)
    ap.add_argument("--epochs", type=int, default=9)
    ap.add_argument("--workers", type=int, default=2, help="synthesis processes (1 torch thread each)")
    ap.add_argument("--quick", action="store_true", help="tiny run for smoke tests")
    ap.add_argument("--ckpt", default=os.path.join(HERE, "checkpoints", "crisp-blur.pt"))
    ap.add_argument("--val-limit", type=int, default=0, help="use only the first N validation photos (smoke)")
    ap.add_argument("--no-validate", action="store_true")
    args = ap.parse_args()
    seed_all(args.seed)
    rng = np.random.default_rng(args.seed)
    if args.quick:
        args.tiles, args.epochs = 12000, 3

    train_p, val_p = split(args.photos)
    if args.val_limit:
        val_p = val_p[:args.val_limit]
    log("photos: %d train, %d val" % (len(train_p), len(val_p)))
    timing = {}
    t = time.time()
    # synthesis: many small tensor ops, 1 thread per process is much faster than 2 threads;
    # one forked process per core
    torch.set_num_threads(1)
    pool = build_pool(train_p, rng, log=log)
    X, yb, ym, yd, fam = synth_parallel(pool, args.tiles, args.seed, args.workers, log, p_blur=0.4, p_dof=0.12)
    del pool
    timing["synthesisMinutes"] = round((time.time() - t) / 60, 1)
    log("tiles: %d (blurry %.3f, motion-labelled %d motion / %d defocus; crisp labels 1: %s, 0: %s, mixed tiles %d)" % (
        len(X), yb.mean(), (ym == 1).sum(), (ym == 0).sum(), (yd == 1).sum(0).tolist(), (yd == 0).sum(0).tolist(),
        int(((yd == 1).any(1) & (yd == 0).any(1)).sum())))

    torch.set_num_threads(2)
    t = time.time()
    model = CrispBlurNet()
    log("params %d, MAC/pixel %.1f" % (count_params(model), macs_per_pixel(model)))
    model = train_model(model, X, yb, ym, yd, args.epochs, 128, 3e-3, args.seed)
    del X
    timing["trainingMinutes"] = round((time.time() - t) / 60, 1)

    os.makedirs(os.path.dirname(os.path.abspath(args.ckpt)), exist_ok=True)
    torch.save(model.state_dict(), args.ckpt)

    metrics, agg = {}, None
    t = time.time()
    if not args.no_validate:
        import validate
        agg, metrics = validate.run(model, val_p, pool_rng_seed=args.seed + 1, predict=predict, log=log,
                                    all_paths=train_p + val_p)
    timing["validationMinutes"] = round((time.time() - t) / 60, 1)
    args.timing = timing

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "crisp-blur.onnx")
    ops = export_onnx.export(model, onnx_path)
    log("onnx ops:", ops)
    duration = (time.time() - T0) / 60
    cmd = "/usr/bin/python3 training/train.py --photos %s --seed %d" % (args.photos, args.seed)
    if args.quick:
        cmd += " --quick"
    c = card_mod.build(model, onnx_path, agg, metrics, args, cmd, duration, train_p, val_p, fam)
    with open(os.path.join(args.out, "crisp-blur.json"), "w") as f:
        json.dump(c, f, indent=2)
    log("wrote", onnx_path, "and card; total %.1f min" % duration)


if __name__ == "__main__":
    main()
