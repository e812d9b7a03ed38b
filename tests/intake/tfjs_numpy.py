"""A minimal NumPy interpreter of a TF.js graph model, with TensorFlow's own semantics (NHWC, its padding and
resize rules): the independent reference the ONNX conversion is checked against. Slow, and only for tests."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _weights(model: dict, folder: Path) -> dict[str, np.ndarray]:
    blob = b"".join((folder / p).read_bytes() for g in model["weightsManifest"] for p in g["paths"])
    out, at = {}, 0
    for group in model["weightsManifest"]:
        for spec in group["weights"]:
            shape = [int(s) for s in spec["shape"]]
            n = int(np.prod(shape)) if shape else 1
            stored = (spec.get("quantization") or {}).get("dtype", spec["dtype"])
            dtype = {"float16": np.float16, "float32": np.float32, "int32": np.int32}[stored]
            out[spec["name"]] = (
                np.frombuffer(blob, dtype, n, at)
                .astype(np.int32 if spec["dtype"] == "int32" else np.float32)
                .reshape(shape)
            )
            at += n * np.dtype(dtype).itemsize
    return out


def _attr(node: dict, key: str):
    value = node.get("attr", {}).get(key, {})
    if "s" in value:
        return base64.b64decode(value["s"]).decode()
    if "list" in value:
        return [int(i) for i in value["list"].get("i", [])]
    return value.get("f", value.get("b"))


def _same(size: int, k: int, s: int) -> tuple[int, int]:
    total = max((-(-size // s) - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def _windows(x: np.ndarray, k: tuple[int, int], strides: list[int], padding: str, fill: float) -> np.ndarray:
    """(Ho, Wo, C, kh, kw) windows of an NHWC batch of one."""
    img = x[0]
    if padding == "SAME":
        img = np.pad(
            img,
            (_same(img.shape[0], k[0], strides[1]), _same(img.shape[1], k[1], strides[2]), (0, 0)),
            constant_values=fill,
        )
    return sliding_window_view(img, k, axis=(0, 1))[:: strides[1], :: strides[2]]


def _conv(node: dict, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    kh, kw, cin, cout = w.shape
    groups = x.shape[3] // cin
    win = _windows(x, (kh, kw), _attr(node, "strides"), _attr(node, "padding"), 0.0)
    ho, wo = win.shape[:2]
    parts = []
    for g in range(groups):
        cols = win[:, :, g * cin : (g + 1) * cin].transpose(0, 1, 3, 4, 2).reshape(ho * wo, kh * kw * cin)
        per = cout // groups
        parts.append(cols @ w[..., g * per : (g + 1) * per].reshape(kh * kw * cin, per))
    return np.concatenate(parts, axis=1).reshape(1, ho, wo, cout)


def _resize(x: np.ndarray, size: np.ndarray, half_pixel: bool) -> np.ndarray:
    out_h, out_w = int(size[0]), int(size[1])
    _, h, w, _ = x.shape

    def axis(n_out: int, n_in: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        scale = n_in / n_out
        pos = (np.arange(n_out) + 0.5) * scale - 0.5 if half_pixel else np.arange(n_out) * scale
        pos = np.maximum(pos, 0.0)
        lo = np.minimum(np.floor(pos).astype(int), n_in - 1)
        return lo, np.minimum(lo + 1, n_in - 1), (pos - lo)

    y0, y1, fy = axis(out_h, h)
    x0, x1, fx = axis(out_w, w)
    top = x[:, y0][:, :, x0] * (1 - fx)[None, None, :, None] + x[:, y0][:, :, x1] * fx[None, None, :, None]
    bottom = x[:, y1][:, :, x0] * (1 - fx)[None, None, :, None] + x[:, y1][:, :, x1] * fx[None, None, :, None]
    return top * (1 - fy)[None, :, None, None] + bottom * fy[None, :, None, None]


def _sparse_to_dense(_node: dict, a: list[np.ndarray]) -> np.ndarray:
    dense = np.full(a[1], a[3], a[2].dtype)
    for i, at in enumerate(a[0].reshape(-1, a[0].shape[-1] if a[0].ndim == 2 else 1)):
        dense[tuple(at)] = np.broadcast_to(a[2], (len(a[0]),))[i]
    return dense


def _max_pool(node: dict, a: list[np.ndarray]) -> np.ndarray:
    k = _attr(node, "ksize")[1:3]
    win = _windows(a[0], tuple(k), _attr(node, "strides"), _attr(node, "padding"), -np.inf)
    return win.max(axis=(3, 4))[None]


# One function per TensorFlow op with one output: (node, its inputs) -> the output.
_OPS: dict[str, Callable[[dict, list[np.ndarray]], np.ndarray]] = {
    "Add": lambda _node, a: a[0] + a[1],
    "AddV2": lambda _node, a: a[0] + a[1],
    "Identity": lambda _node, a: a[0],
    "Transpose": lambda _node, a: np.transpose(a[0], a[1]),
    "Reshape": lambda _node, a: a[0].reshape(a[1]),
    "Pad": lambda _node, a: np.pad(a[0], a[1], constant_values=0),
    "PadV2": lambda _node, a: np.pad(a[0], a[1], constant_values=a[2]),
    "LeakyRelu": lambda node, a: np.where(a[0] > 0, a[0], a[0] * _attr(node, "alpha")),
    "Sigmoid": lambda _node, a: 1.0 / (1.0 + np.exp(-a[0])),
    "ConcatV2": lambda _node, a: np.concatenate(a[:-1], axis=int(a[-1])),
    "SparseToDense": _sparse_to_dense,
    "Conv2D": lambda node, a: _conv(node, a[0], a[1]),
    "MaxPool": _max_pool,
    "ResizeBilinear": lambda node, a: _resize(a[0], a[1], bool(_attr(node, "half_pixel_centers"))),
}


def run(model_json: Path, feed: np.ndarray) -> dict[str, np.ndarray]:
    """Every signature output (name without ':0') for one input."""
    model = json.loads(Path(model_json).read_text())
    values: dict[str, np.ndarray] = dict(_weights(model, Path(model_json).parent))

    def get(ref: str) -> np.ndarray:
        name, _, index = ref.partition(":")
        return values[name if index in ("", "0") else f"{name}:{index}"]

    for node in model["modelTopology"]["node"]:
        op, name = node["op"], node["name"]
        a = [get(i) for i in node.get("input", [])]
        if op == "Const":
            continue
        if op == "Placeholder":
            values[name] = feed.astype(np.float32)
        elif op == "SplitV":  # the one op with several outputs: name, name:1, name:2...
            pieces = np.split(a[0], np.cumsum(a[1])[:-1], axis=int(a[2]))
            for i, piece in enumerate(pieces):
                values[name if i == 0 else f"{name}:{i}"] = piece
        elif op in _OPS:
            values[name] = _OPS[op](node, a)
        else:
            raise NotImplementedError(op)
    return {key.split(":")[0]: get(key) for key in model["signature"]["outputs"]}
