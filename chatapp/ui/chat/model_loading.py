"""The chat controller's model: a load with the user's preferences (and the model's projector),
its end, a crash of the runtime, and the draft's token count. Mixed into ``ChatController``,
which holds the state these methods read and the signals they emit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, SignalInstance

from chatapp.core.engine import Engine, EngineCrashed, EngineError, LoadedModel, LoadSpec
from chatapp.core.models.projector_choices import ProjectorChoices
from chatapp.core.models.speculative_choices import SpeculativeChoices, resolve_speculative
from chatapp.core.settings import AppSettings
from chatapp.ui.background import Operation, Operations, Report
from chatapp.ui.error_text import error_text
from chatapp.ui.services import Services


class ModelLoading:
    # The controller's state and signals that these methods use.
    services: Services
    settings: AppSettings
    engine: Engine
    ops: Operations
    model: LoadedModel | None
    last_load: LoadSpec | None
    loaded_spec: LoadSpec | None
    load_error: str | None
    _loading: Operation[Any] | None
    _after_load: Callable[[], None] | None
    _draft_ids: int
    model_loading: SignalInstance
    model_progress: SignalInstance
    model_loaded: SignalInstance
    model_failed: SignalInstance
    model_too_big: SignalInstance
    error: SignalInstance
    draft_counted: SignalInstance

    if TYPE_CHECKING:  # provided by ChatController and QObject

        @property
        def loading(self) -> bool: ...
        def use_engine(self, engine: Engine) -> bool: ...
        def refresh_plan(self) -> None: ...
        def _update_state(self) -> None: ...

    def _projector_for(self, path: str) -> Path | None:
        """The user's choice in Installed, else the projector beside the model that fits."""
        return ProjectorChoices(self.services.paths.config_dir).resolve(path)

    def load_spec(
        self,
        path: str,
        n_ctx: int | None = None,
        chat_format: str | None = None,
        ignore_memory: bool = False,
    ) -> LoadSpec:
        """A load of ``path`` with the user's preferences (threads, GPU layers, cache) and the
        model's own choices (projector, speculative decoding)."""
        s = self.settings
        own = SpeculativeChoices(self.services.paths.config_dir).choice(path)
        speculative = resolve_speculative(s, own, path, self.services.library.scan)
        return LoadSpec(
            path,
            n_ctx,
            n_threads=s.threads or None,
            n_gpu_layers=s.gpu_layers,
            chat_format=chat_format,
            ignore_memory=ignore_memory,
            flash_attn=s.flash_attn,
            kv_cache_type=s.kv_cache_type,
            memory_limit=s.memory_limit_mb << 20,
            mmproj=str(projector) if (projector := self._projector_for(path)) else None,
            speculative=speculative.mode,
            draft_path=speculative.draft_path,
            speculative_state=str(self.services.paths.speculative_state),
        )

    def load_model(
        self,
        path: str,
        n_ctx: int | None = None,
        chat_format: str | None = None,
        ignore_memory: bool = False,
    ) -> None:
        if self.use_engine(self.services.engine):  # model files run in the local runtime
            self.load(self.load_spec(path, n_ctx, chat_format, ignore_memory))

    def load(self, spec: LoadSpec) -> None:
        if self.loading:
            return
        self.last_load = spec
        self.model = None
        self.load_error = None
        self.model_loading.emit(spec.source)

        def op(report: Report) -> LoadedModel:
            return self.engine.load(spec, report)

        self._loading = self.ops.run(
            op,
            on_success=self._on_loaded,
            on_failure=self._on_load_failed,
            on_progress=lambda f: self.model_progress.emit(float(f)),
            name="load-model",
        )
        self._update_state()

    def _on_loaded(self, model: LoadedModel) -> None:
        self._loading = None
        self.model = model
        self.loaded_spec = self.last_load
        self._update_state()
        self.model_loaded.emit(model)
        then, self._after_load = self._after_load, None
        if then is not None:
            then()
        else:
            self.refresh_plan()

    def _on_load_failed(self, exc: BaseException) -> None:
        self._loading = None
        self._after_load = None
        message = error_text(exc)
        # A file refused before anything was unloaded leaves the working model in place.
        self.model = self.engine.model
        if self.model is None:
            self.loaded_spec = None
        if isinstance(exc, EngineError) and exc.kind == "crashed":
            self.last_load = None  # a model that crashes while loading is not loaded again
            message += " " + QCoreApplication.translate("ChatController", "Your messages are kept.")
        self.load_error = message
        self._update_state()
        if isinstance(exc, EngineError) and exc.kind == "too_big":
            self.model_too_big.emit(message)
        else:
            self.model_failed.emit(message)

    def _on_crash(self, event: EngineCrashed) -> None:
        if self.loading:
            return  # the load's own failure handler reports it
        self.model = None
        self._update_state()
        crash = EngineError("crashed", event.message, signal=event.signal_name or "")
        self.error.emit(
            error_text(crash)
            + " "
            + QCoreApplication.translate(
                "ChatController", "Your messages are kept; send again to restart."
            )
        )

    def count_draft(self, text: str) -> int:
        """Ask for the draft's token count; the answer comes as ``draft_counted``. 0: no model."""
        if self.model is None or self.loading:
            return 0
        self._draft_ids += 1
        request_id = self._draft_ids

        def op(_report: Report) -> int:
            return self.engine.count_texts([text])[0]

        self.ops.run(
            op,
            on_success=lambda n: self.draft_counted.emit(request_id, int(n)),
            on_failure=lambda _exc: None,  # a count for display only
            name="count-draft",
        )
        return request_id
