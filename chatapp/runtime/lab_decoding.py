"""What every lab pass decodes with: one sequence through ``llama_decode`` with logits only where
they are asked for, a cancel that reaches into a decode without running Python, and the runtime
process's peak memory."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import llama_cpp
import llama_cpp.llama_cpp as llama_c
import numpy as np
import numpy.typing as npt

from chatapp.runtime.host_types import HostError

Report = Callable[[Any], None]
Cancelled = Callable[[], bool]


class Stopped(Exception):
    """The user cancelled."""


# --- process memory ---------------------------------------------------------------------


def reset_peak_rss() -> None:
    """Start a new peak-memory measurement (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_rss_bytes() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# --- decoding -----------------------------------------------------------------------------


class AbortFlag:
    """An abort callback for ggml that runs no Python.

    ggml asks its abort callback between every two graph nodes. A Python callback there takes
    the GIL hundreds of times a decode, which made evaluations several times slower on a busy
    machine. Instead the callback is libc's ``strlen`` on a two-byte buffer: it returns 0 (go
    on) while the buffer is empty and 1 (abort) once a watcher thread, which polls the cancel
    request, writes one character into it.
    """

    POLL_S = 0.05

    def __init__(self, cancelled: Cancelled) -> None:
        self._buffer = ctypes.create_string_buffer(2)
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        self.callback = ctypes.cast(libc.strlen, llama_c.ggml_abort_callback)
        self.data = ctypes.cast(self._buffer, ctypes.c_void_p)
        self._cancelled = cancelled
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="lab-cancel", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.wait(self.POLL_S):
            if self._cancelled():
                self._buffer.value = b"x"
                return

    def close(self) -> None:
        self._done.set()
        self._thread.join()


class Decoder:
    """One sequence decoded with ``llama_decode``, with logits only where they are asked for."""

    def __init__(self, llm: llama_cpp.Llama, capacity: int, cancelled: Cancelled) -> None:
        self.ctx = llm._ctx.ctx
        self.n_vocab = llm.n_vocab()
        self.capacity = capacity
        self.batch = llama_c.llama_batch_init(capacity, 0, 1)
        b = self.batch
        self.token = np.ctypeslib.as_array(b.token, shape=(capacity,))
        self.pos = np.ctypeslib.as_array(b.pos, shape=(capacity,))
        self.logits_flag = np.ctypeslib.as_array(b.logits, shape=(capacity,))
        np.ctypeslib.as_array(b.n_seq_id, shape=(capacity,))[:] = 1
        for i in range(capacity):
            b.seq_id[i][0] = 0
        # Checked by ggml between graph nodes: a cancel lands in the middle of a decode.
        self._abort = AbortFlag(cancelled)
        llama_c.llama_set_abort_callback(self.ctx, self._abort.callback, self._abort.data)
        self.decode_s = 0.0

    def clear(self) -> None:
        llama_c.llama_memory_clear(llama_c.llama_get_memory(self.ctx), True)

    def decode(
        self, tokens: npt.NDArray[np.int32], start_pos: int, outputs_from: int
    ) -> npt.NDArray[np.float32] | None:
        """Decode ``tokens`` at positions from ``start_pos``, with logits for the tokens from
        index ``outputs_from`` on (``len(tokens)``: none). Returns those logits rows: a view into
        llama.cpp's buffer, valid until the next decode."""
        n = len(tokens)
        assert 0 < n <= self.capacity and 0 <= outputs_from <= n
        self.batch.n_tokens = n
        self.token[:n] = tokens
        self.pos[:n] = np.arange(start_pos, start_pos + n, dtype=np.int32)
        self.logits_flag[:outputs_from] = 0
        self.logits_flag[outputs_from:n] = 1
        t0 = time.perf_counter()
        rc = llama_c.llama_decode(self.ctx, self.batch)
        self.decode_s += time.perf_counter() - t0
        if rc == 2:
            raise Stopped
        if rc != 0:
            raise HostError("internal", f"llama.cpp could not decode (error {rc})")
        if outputs_from == n:
            return None
        rows = llama_c.llama_get_logits(self.ctx)
        return np.ctypeslib.as_array(rows, shape=(n - outputs_from, self.n_vocab))

    def close(self) -> None:
        llama_c.llama_set_abort_callback(self.ctx, llama_c.ggml_abort_callback(0), None)
        self._abort.close()
        llama_c.llama_batch_free(self.batch)
