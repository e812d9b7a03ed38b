"""TF.js graph nodes as ONNX nodes, one converter per op (see tfjs_onnx.py for the model as a whole).

Nodes whose inputs are all constants are folded with NumPy; TF's NHWC ops are wrapped in transposes to ONNX's
NCHW. An op without a converter here is refused by name.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

_TO_NCHW, _TO_NHWC = [0, 3, 1, 2], [0, 2, 3, 1]


class ConversionError(ValueError):
    """The graph uses something this converter does not handle."""


@dataclass
class Value:
    """One tensor of the graph being built."""

    name: str  # the ONNX tensor name
    shape: tuple[int, ...]
    const: np.ndarray | None = None

    def known(self) -> np.ndarray:
        """The value of an input that must be a constant (a shape, a permutation, a kernel)."""
        if self.const is None:
            raise ConversionError(f"{self.name} is computed, but only a constant is handled there")
        return self.const


def attr(node: dict, key: str, default=None):
    """A node's attribute, decoded from its TF.js JSON form."""
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


class Builder:
    """Walks the TF.js nodes in order and emits ONNX nodes."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        from onnx import helper

        self.helper = helper
        self.weights = weights
        self.values: dict[str, Value] = {}
        self.nodes: list = []
        self.initializers: dict[str, np.ndarray] = {}
        self.inputs: list = []
        self._count = 0

    def fresh(self, base: str) -> str:
        self._count += 1
        return f"{base}__{self._count}"

    def get(self, ref: str) -> Value:
        name, _, index = ref.partition(":")
        key = name if index in ("", "0") else f"{name}:{index}"
        if key not in self.values:
            raise ConversionError(f"input {ref!r} is used before it is made")
        return self.values[key]

    def tensor(self, value: Value) -> str:
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


# -- one converter per op: (builder, node, inputs) → outputs ----------------------------------------------------
Converter = Callable[[Builder, dict, list[Value]], list[Value]]


def _add(b: Builder, node: dict, args: list[Value]) -> list[Value]:
    shape = tuple(np.broadcast_shapes(args[0].shape, args[1].shape))
    return [Value(b.emit("Add", [b.tensor(args[0]), b.tensor(args[1])], node["name"]), shape)]


def _elementwise(b: Builder, node: dict, args: list[Value]) -> list[Value]:
    x = args[0]
    extra = {"alpha": attr(node, "alpha", 0.2)} if node["op"] == "LeakyRelu" else {}
    return [Value(b.emit(node["op"], [b.tensor(x)], node["name"], **extra), x.shape)]


def _transpose(b: Builder, node: dict, args: list[Value]) -> list[Value]:
    x, perm = args[0], [int(p) for p in args[1].known()]
    return [Value(b.emit("Transpose", [b.tensor(x)], node["name"], perm=perm), tuple(x.shape[p] for p in perm))]


def _reshape(b: Builder, node: dict, args: list[Value]) -> list[Value]:
    x, name = args[0], node["name"]
    target = args[1].known().astype(np.int64)
    shape = np.empty(x.shape).reshape(target).shape
    return [Value(b.emit("Reshape", [b.tensor(x), b.const(name + "/shape", target)], name), shape)]


def _pad(b: Builder, node: dict, args: list[Value]) -> list[Value]:
    x, name = args[0], node["name"]
    paddings = args[1].known().astype(np.int64)
    extra = [b.const(name + "/pads", np.concatenate([paddings[:, 0], paddings[:, 1]]))]
    if node["op"] == "PadV2":
        extra.append(b.const(name + "/value", np.asarray(args[2].known(), np.float32).reshape(())))
    shape = tuple(int(s + p[0] + p[1]) for s, p in zip(x.shape, paddings, strict=True))
    return [Value(b.emit("Pad", [b.tensor(x), *extra], name, mode="constant"), shape)]


def _concat(b: Builder, node: dict, args: list[Value]) -> list[Value]:
    x = args[0]
    axis = int(args[-1].known()) % len(x.shape)
    parts = args[:-1]
    joined = list(x.shape)
    joined[axis] = sum(p.shape[axis] for p in parts)
    return [Value(b.emit("Concat", [b.tensor(p) for p in parts], node["name"], axis=axis), tuple(joined))]


def _split(b: Builder, node: dict, args: list[Value]) -> list[Value]:
    x, name = args[0], node["name"]
    sizes, axis = args[1].known().astype(np.int64), int(args[2].known()) % len(x.shape)
    outs = [b.fresh(name) for _ in sizes]
    b.nodes.append(
        b.helper.make_node("Split", [b.tensor(x), b.const(name + "/sizes", sizes)], outs, name=outs[0], axis=axis)
    )
    values = []
    for out, size in zip(outs, sizes, strict=True):
        split_shape = list(x.shape)
        split_shape[axis] = int(size)
        values.append(Value(out, tuple(split_shape)))
    return values


def _window(node: dict, x: Value, kernel: tuple[int, ...], dil: list[int]) -> tuple[list[int], list[int], list[int]]:
    """A Conv2D's or MaxPool's strides, ONNX pads and output height and width (NHWC only)."""
    if attr(node, "data_format", "NHWC") != "NHWC":
        raise ConversionError(f"{node['op']} {node['name']}: only NHWC is handled")
    strides = attr(node, "strides")[1:3]
    eff = tuple((k - 1) * d + 1 for k, d in zip(kernel, dil, strict=True))
    pads = _pads(eff, tuple(strides), x.shape[1:3], attr(node, "padding"))
    out_hw = [_conv_out(x.shape[1 + i], eff[i], strides[i], pads[i] + pads[i + 2]) for i in range(2)]
    return strides, pads, out_hw


def _max_pool(b: Builder, node: dict, args: list[Value]) -> list[Value]:
    x = args[0]
    kernel = tuple(attr(node, "ksize")[1:3])
    strides, pads, out_hw = _window(node, x, kernel, [1, 1])
    y = b.nhwc("MaxPool", b.tensor(x), node["name"], kernel_shape=list(kernel), strides=strides, pads=pads)
    return [Value(y, (x.shape[0], *out_hw, x.shape[3]))]


def _conv2d(b: Builder, node: dict, args: list[Value]) -> list[Value]:
    x, name = args[0], node["name"]
    dil = attr(node, "dilations", [1, 1, 1, 1])[1:3]
    w = args[1].known()
    kernel = (w.shape[0], w.shape[1])
    strides, pads, out_hw = _window(node, x, kernel, dil)
    weight = b.const(name + "/w", np.ascontiguousarray(w.transpose(3, 2, 0, 1)).astype(np.float32))
    y = b.nhwc(
        "Conv",
        b.tensor(x),
        name,
        [weight],
        kernel_shape=list(kernel),
        strides=strides,
        pads=pads,
        dilations=dil,
        group=x.shape[3] // w.shape[2],
    )
    return [Value(y, (x.shape[0], *out_hw, w.shape[3]))]


def _resize_bilinear(b: Builder, node: dict, args: list[Value]) -> list[Value]:
    x, name = args[0], node["name"]
    size = [int(s) for s in args[1].known()]
    if attr(node, "align_corners", False):
        mode = "align_corners"
    elif attr(node, "half_pixel_centers", False):
        mode = "half_pixel"
    else:
        mode = "asymmetric"
    # As a scale of the input (x2, x0.5), not fixed sizes: the converted graph then runs at other input
    # sizes too (multiples of 32), e.g. a 16:9 frame at 736x416 instead of letterboxed into 416x416.
    scales = b.const(name + "/scales", np.array([1, 1, size[0] / x.shape[1], size[1] / x.shape[2]], np.float32))
    y = b.nhwc("Resize", b.tensor(x), name, ["", scales], mode="linear", coordinate_transformation_mode=mode)
    return [Value(y, (x.shape[0], *size, x.shape[3]))]


CONVERTERS: dict[str, Converter] = {
    "Add": _add,
    "AddV2": _add,
    "Identity": _elementwise,
    "Sigmoid": _elementwise,
    "LeakyRelu": _elementwise,
    "Transpose": _transpose,
    "Reshape": _reshape,
    "Pad": _pad,
    "PadV2": _pad,
    "ConcatV2": _concat,
    "SplitV": _split,
    "Conv2D": _conv2d,
    "MaxPool": _max_pool,
    "ResizeBilinear": _resize_bilinear,
}


def node_values(b: Builder, node: dict) -> list[Value]:
    """Convert one TF.js node: its outputs (several for SplitV)."""
    op, name = node["op"], node["name"]
    args = [b.get(i) for i in node.get("input", []) if not i.startswith("^")]
    consts = [a.const for a in args if a.const is not None]
    if args and len(consts) == len(args):
        folded = _fold(op, node, consts)
        if folded is not None:
            return [Value(name, tuple(f.shape), f) for f in folded]
    convert = CONVERTERS.get(op)
    if convert is None:
        raise ConversionError(f"op {op} ({name}) is not handled by this converter")
    if not args:
        raise ConversionError(f"op {op} ({name}) without inputs is not handled by this converter")
    return convert(b, node, args)
