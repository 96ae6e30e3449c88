"""CrispBlurNet (v4): a tiny fully-convolutional tile classifier (<= ~150 MAC / input pixel). The older
networks (v2, v3) and the unshipped ensemble are in git history (training/README.md).

Input  tiles [N,3,128,128] RGB in 0..1 (normalisation inside the graph).
Outputs blur prob [N], motion prob [N], texture [N] and isotropy [N] (both fixed, non-learned), and
crisp [N,4]: the probability that the tile shows crisp detail whose normal lies within
+-22.5 degrees of 0 / 45 / 90 / 135 degrees (see directional.py).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def dwsep(cin, cout, stride):
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False), nn.BatchNorm2d(cin), nn.ReLU(inplace=True),
        nn.Conv2d(cin, cout, 1, 1, 0, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class CrispBlurNet(nn.Module):
    """v4: a local trunk (8x8 feature map at stride 16, receptive field 47 px) + two cheap context stages
    at 1/32 and 1/64 resolution (4x4 and 2x2 maps, receptive field 79 / 143 px, i.e. the whole 128-px
    tile) so 10-45 px shake trails are seen in context. Both the local (reducer, max+mean) and the
    context (max+mean) features feed the FC head (~150 MAC / input pixel). Its six logits: blur, motion
    and directional crispness, the probability that the tile shows crisp detail whose normal lies within
    +-22.5 degrees of 0, 45, 90 and 135 degrees. Camera shake leaves edges parallel to it crisp, so a tile
    can look sharp to the blur head while having no crisp detail ALONG the shake; the aggregation asks
    for crisp detail in every direction somewhere in the photo."""
    N_OUT = 6

    def __init__(self, c=(10, 20, 32, 32, 64), head=48, ctx=64, hidden=48):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.5, 0.5, 0.5]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.25, 0.25, 0.25]).view(1, 3, 1, 1))
        self.register_buffer("luma", torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1))
        self.stem = nn.Sequential(nn.Conv2d(3, c[0], 3, 2, 1, bias=False), nn.BatchNorm2d(c[0]), nn.ReLU(inplace=True))  # 64
        self.b2 = dwsep(c[0], c[1], 2)   # 32
        self.b3 = dwsep(c[1], c[2], 2)   # 16
        self.b4 = dwsep(c[2], c[3], 1)   # 16
        self.b5 = dwsep(c[3], c[4], 2)   # 8
        self.red = nn.Sequential(nn.Conv2d(c[4], head, 1, bias=False), nn.BatchNorm2d(head), nn.ReLU(inplace=True))
        # The network used to be built as a subclass of the v2 one, whose 2-logit head was initialised
        # here and then replaced: the same draws keep a seeded CrispBlurNet() at the same initial weights,
        # and the placeholder keeps fc's place (state_dict and parameter order) between red and b6.
        self.fc = nn.Sequential(nn.Linear(2 * head, 32), nn.ReLU(inplace=True), nn.Linear(32, 2))
        self.b6 = dwsep(c[4], ctx, 2)    # 4x4
        self.b7 = dwsep(ctx, ctx, 2)     # 2x2
        self.fc = nn.Sequential(nn.Linear(2 * head + 2 * ctx, hidden), nn.ReLU(inplace=True),
                                nn.Linear(hidden, self.N_OUT))

    def trunk(self, x):
        """Local detail: normalised input to the 8x8 feature map at stride 16."""
        x = (x - self.mean) / self.std
        x = self.stem(x)
        x = self.b2(x)
        x = self.b3(x)
        x = x + self.b4(x)
        return self.b5(x)

    def logits(self, x):
        x = self.trunk(x)
        r = self.red(x)
        y = self.b7(self.b6(x))
        f = torch.cat([torch.amax(r, dim=(2, 3)), torch.mean(r, dim=(2, 3)),
                       torch.amax(y, dim=(2, 3)), torch.mean(y, dim=(2, 3))], dim=1)
        return self.fc(f)  # [:,0]=blur logit, [:,1]=motion logit, [:,2:6] crisp logits

    def texture(self, x):
        l = (x * self.luma).sum(dim=1, keepdim=True)
        p = F.avg_pool2d(l, 4, 4)
        m = p.mean(dim=(1, 2, 3), keepdim=True)
        return torch.sqrt(((p - m) ** 2).mean(dim=(1, 2, 3)))

    def isotropy(self, x):
        """Structure-tensor isotropy of the same 4x4 avg-pooled luma (32x32) used for texture:
        central differences Ix = (p[y,x+1]-p[y,x-1])/2, Iy = (p[y+1,x]-p[y-1,x])/2 on the 30x30
        interior, J = sum [[Ix^2, IxIy], [IxIy, Iy^2]], eigenvalues l1 >= l2,
        isotropy = l2 / (l1 + 1e-8) in 0..1 (~0: detail runs in one direction only)."""
        l = (x * self.luma).sum(dim=1, keepdim=True)
        p = F.avg_pool2d(l, 4, 4)
        ix = (p[:, :, 1:-1, 2:] - p[:, :, 1:-1, :-2]) * 0.5
        iy = (p[:, :, 2:, 1:-1] - p[:, :, :-2, 1:-1]) * 0.5
        jxx = (ix * ix).sum(dim=(1, 2, 3))
        jyy = (iy * iy).sum(dim=(1, 2, 3))
        jxy = (ix * iy).sum(dim=(1, 2, 3))
        half_tr = (jxx + jyy) * 0.5
        d = torch.sqrt(((jxx - jyy) * 0.5) ** 2 + jxy * jxy)
        l1 = half_tr + d
        l2 = torch.clamp(half_tr - d, min=0.0)
        return l2 / (l1 + 1e-8)

    def forward(self, x):
        z = self.logits(x)
        return (torch.sigmoid(z[:, 0]), torch.sigmoid(z[:, 1]), self.texture(x), self.isotropy(x),
                torch.sigmoid(z[:, 2:6]))


class CrispBlurPair(nn.Module):
    """Two CrispBlurNet networks (the same chain, two seeds) in one graph: the first one's outputs, then the second
    one's blur, motion and crisp as blur_b, motion_b, crisp_b (texture and isotropy are fixed computations, the same
    in both). The engine judges each by its own tuned aggregation and keeps the blurrier opinion, the second one's only
    where it reads camera motion (src/main/scoring/second-opinion.ts)."""
    OUTPUTS = ("blur", "motion", "texture", "isotropy", "crisp", "blur_b", "motion_b", "crisp_b")

    def __init__(self, first, second):
        super().__init__()
        self.first, self.second = first, second

    def forward(self, x):
        b, m, t, i, c = self.first(x)
        b2, m2, _, _, c2 = self.second(x)
        return b, m, t, i, c, b2, m2, c2


def load_model(state_dict):
    """The shipped architecture with a checkpoint's weights, in eval mode: one CrispBlurNet (v4), or a CrispBlurPair
    when the keys start with first. and second."""
    if any(k.startswith("second.") for k in state_dict):
        m = CrispBlurPair(CrispBlurNet(), CrispBlurNet())
    else:
        m = CrispBlurNet()
    m.load_state_dict(state_dict)
    return m.eval()


def pair_state(first, second):
    """The state dict of a CrispBlurPair from its members' state dicts."""
    return {**{"first." + k: v for k, v in first.items()}, **{"second." + k: v for k, v in second.items()}}


def count_params(m):
    return sum(p.numel() for p in m.parameters())


def macs_per_pixel(m, tile=128):
    macs = 0
    hooks = []

    def hk(mod, inp, out):
        nonlocal macs
        if isinstance(mod, nn.Conv2d):
            k = mod.kernel_size[0] * mod.kernel_size[1] * (mod.in_channels // mod.groups)
            macs += out.numel() // out.shape[0] * k
        elif isinstance(mod, nn.Linear):
            macs += mod.in_features * mod.out_features
    for mod in m.modules():
        if isinstance(mod, (nn.Conv2d, nn.Linear)):
            hooks.append(mod.register_forward_hook(hk))
    with torch.no_grad():
        m.eval()(torch.zeros(1, 3, tile, tile))
    for h in hooks:
        h.remove()
    return macs / (tile * tile)
