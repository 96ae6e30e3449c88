"""Export CrispBlurNet to ONNX (opset 13, fixed 128x128 tiles, dynamic batch)."""
import hashlib
import torch


def export(model, path, opset=13):
    model = model.eval()
    x = torch.rand(2, 3, 128, 128)
    names = list(getattr(model, "OUTPUTS", ("blur", "motion", "texture", "isotropy", "crisp")))[:len(model(x))]
    torch.onnx.export(model, x, path, input_names=["tiles"], output_names=names,
                      dynamic_axes={"tiles": {0: "N"}, **{n: {0: "N"} for n in names}},
                      opset_version=opset, do_constant_folding=True)
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    ops = sorted({n.op_type for n in m.graph.node})
    return ops


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()
