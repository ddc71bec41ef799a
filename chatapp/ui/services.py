"""The services the composition root (``chatapp.ui.launch``) builds and hands to the widgets.

No widget constructs a service: each receives what it needs from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chatapp.core.chat.store import Store
from chatapp.core.engine import Engine
from chatapp.core.models.downloads import Downloads
from chatapp.core.models.library import Library
from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings
from chatapp.ui.background import Operations
from chatapp.ui.bridge import GuiDispatcher


@dataclass
class Services:
    paths: AppPaths
    settings: AppSettings
    store: Store
    engine: Engine
    library: Library
    downloads: Downloads
    dispatcher: GuiDispatcher
    ops: Operations
    # Features register what they add here (tool registries, document indexes, engines).
    extras: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        self.ops.wait_all(5.0)
        self.engine.close()
        self.dispatcher.close()
        self.store.close()
