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
