"""Head.window: the encoder window a head file names (shared by every analyzer that reads heads)."""

import numpy as np

from presslens.encoders.heads import Head


def _head(meta: dict) -> Head:
    return Head(name="h", version="1", classes=["a", "b"], mean=np.zeros(2, np.float32), scale=np.ones(2, np.float32),
                weights=[np.zeros((2, 1), np.float32)], biases=[np.zeros(1, np.float32)], calibration=[1.0, 0.0],
                meta=meta)


def test_window_forms() -> None:
    assert _head({}).window == 0
    assert _head({"window": 128}).window == 128
    assert _head({"window": {"max_tokens": 64}}).window == 64
