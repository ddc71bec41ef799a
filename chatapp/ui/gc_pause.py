"""Keep Python's full garbage collections short, so that they do not stall the window.

A full (generation 2) collection walks every object the interpreter tracks. After start-up
that is some 70,000 objects — modules, classes, functions, Qt wrappers, Pygments' lexers —
that live as long as the process, and walking them took 50-75 ms on the GUI thread in the
middle of a streamed reply (measured with ``gc.callbacks`` in the ``ui`` benchmark). Moving
them into the permanent generation once, right after start-up, leaves the collector only what
was made since: about 8,000 objects at the end of the same benchmark.

Done once per process: objects frozen are never walked again, so freezing more than once
would keep alive whatever later became garbage in a reference cycle.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_startup_objects() -> int:
    """Collect what start-up left behind, then keep the survivors out of later collections.

    Returns how many objects are frozen (0 when an earlier call did it already).
    """
    global _frozen
    if _frozen:
        return 0
    _frozen = True
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def frozen() -> bool:
    return _frozen
