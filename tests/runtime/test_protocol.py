import math

import pytest

from chatapp.runtime.protocol import InvalidRequest, Sampling


@pytest.mark.parametrize(
    "bad",
    [
        {"temperature": -1},
        {"temperature": math.nan},
        {"top_p": 0},
        {"top_k": -3},
        {"min_p": 2},
        {"repeat_penalty": 0},
        {"seed": -1},
        {"seed": 2**40},
        {"max_tokens": 0},
        {"stop": ("",)},
    ],
)
def test_absurd_sampling_is_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(InvalidRequest):
        Sampling(**bad).validate()  # type: ignore[arg-type]


def test_defaults_are_valid() -> None:
    Sampling().validate()
    Sampling(temperature=0, seed=0, top_k=0).validate()


def test_display_names_are_clean() -> None:
    from chatapp.runtime.local_engine import display_name

    smol = {"path": "/m/SmolLM2-135M-Instruct-Q4_1.gguf", "quantization": "Q4_1",
            "name": "Smollm2 135M 8k Lc100K Mix1 Ep2"}  # fmt: skip
    assert display_name(smol) == "SmolLM2-135M-Instruct"
    assert display_name({"path": "/m/tiny-q4_0.gguf", "quantization": "Q4_0"}) == "tiny"
    assert display_name({"path": "/m/model.gguf", "quantization": "Q8_0"}) == "model"
    assert display_name({"name": "remote model"}) == "remote model"
