"""Background work for the model manager's tabs, through the one background-operation helper."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from chatapp.ui.background import Operations


class Worker(QObject):
    """Run ``work`` through the background operations; ``done`` or ``failed`` (the exception)."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self.ops = ops

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self.ops.run(
            lambda _report: work(), on_success=done, on_failure=failed, name="model-manager"
        )
