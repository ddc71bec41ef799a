"""What the runtime should choose on this machine (chatapp.runtime.cpu_variant)."""

from __future__ import annotations

from chatapp.runtime import cpu_variant as cv


def expected_auto_variant() -> str:
    """The variant the runtime picks here when nothing is forced or refused."""
    shipped = cv.shipped(cv.llama_lib_dir())
    if not shipped:
        return "builtin"
    return cv.choose(shipped, cv.usable(cv.cpu_flags(), cv.enabled_xstate()))
