"""Chat templates that attack the sandbox or never end: refused with a clear message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_
from tests.support.tiny_models import write_tiny_model

HOSTILE = {
    "python_internals": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ cycler.__init__.__globals__.os.popen('touch /tmp/kotoba-pwned').read() }}",
    "attribute_walk": "{{ messages.__class__.__base__.__subclasses__()[0].__init__ }}",
    "endless_loop": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ '' }}{% endfor %}{% endfor %}"
    ),
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "syntax_error": "{% for m in messages %}{{ m['content'] ",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_template_is_refused_then_a_builtin_format_works(
    client: RuntimeClient, tmp_path: Path, case: str
) -> None:
    model = write_tiny_model(tmp_path / f"{case}.gguf", "Q4_0", chat_template=HOSTILE[case])
    t0 = time.monotonic()
    with pytest.raises(RuntimeError_) as info:
        client.load(model, 256)
    assert time.monotonic() - t0 < 5
    event = info.value.event
    assert isinstance(event, p.ErrorEvent) and event.kind == "template"
    assert "chat template failed" in event.message and "built-in chat format" in event.message
    assert not Path("/tmp/kotoba-pwned").exists()
    assert client.is_running  # the runtime survived
    # The way out: the same model with a built-in format.
    loaded = client.load(model, 256, chat_format="chatml")
    assert loaded.info["chat_format_source"] == "override"
    done = client.generate([{"role": "user", "content": "hello"}], p.Sampling(seed=1, max_tokens=8))
    assert done.stats.completion_tokens == 8
