"""The station metadata inside an exported ONNX file, read with the onnx package (training side only)."""

from __future__ import annotations

import onnx

from station.core.modelinfo import METADATA_KEY, ModelInfo


def station_info(proto: onnx.ModelProto) -> ModelInfo | None:
    """What `station export` wrote into the model (task, classes, preprocessing), or None if nothing."""
    meta = {p.key: p.value for p in proto.metadata_props}
    return ModelInfo.from_json(meta[METADATA_KEY]) if METADATA_KEY in meta else None
