"""What the runtime should choose on this machine (chatapp.runtime.cpu_variant)."""

from __future__ import annotations

from chatapp.runtime import cpu_variant as cv


def expected_auto_variant() -> str:
    """The variant the runtime picks here when nothing is forced or refused."""
    shipped = cv.shipped(cv.llama_lib_dir())
    if not shipped:
        return "builtin"
    return cv.choose(shipped, cv.usable(cv.cpu_flags(), cv.enabled_xstate()))


def shipped_or_fail(needed: tuple[str, ...] = ()) -> list[str]:
    """The CPU variants the installed wheel ships. On x86-64 with the project's build they must
    all be there (a missing one fails the test: it never passes by skipping); only a build made
    on purpose with other flags (``KOTOBA_CMAKE_ARGS``) or another architecture may lack them."""
    import os
    import platform

    import pytest

    names = cv.shipped(cv.llama_lib_dir())
    missing = [n for n in needed if n not in names] if names else list(needed) or ["any"]
    if missing:
        if platform.machine() == "x86_64" and not os.environ.get("KOTOBA_CMAKE_ARGS"):
            pytest.fail(
                f"llama-cpp-python lacks the CPU variants {missing}: it was not built by "
                "scripts/build_llama_wheel.sh (run make setup-test)"
            )
        pytest.skip(f"this llama-cpp-python was built without {missing} on purpose")
    return names
