"""The application's settings changed from the window: one copy, shared by the services and the
chat controller, saved to the config folder."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from chatapp.core.settings import AppSettings, save_settings
from chatapp.ui.chat.controller import ChatController
from chatapp.ui.services import Services


def keep_settings(
    services: Services,
    controller: ChatController,
    new: AppSettings | None = None,
    save: bool = True,
    **changes: Any,
) -> str | None:
    """Make ``new`` (or the current settings with ``changes``) the settings and save them
    (unless ``save`` is False: saved already); returns the error text when saving failed (the
    new settings apply all the same)."""
    settings = replace(new or services.settings, **changes)
    services.settings = settings
    controller.settings = settings
    try:
        if save:
            save_settings(services.paths.config_dir, settings)
    except (OSError, ValueError) as exc:
        return str(exc)
    return None
