"""Group ``models``: download speed against plain hf_hub_download, and scanning the library.

- ``download_ratio``: our download of a 256 MB file from a local Hub server (verification and
  the atomic install included) against ``hf_hub_download`` of the same file from the same server,
  best of 3 each (``download_s_ours`` / ``download_s_plain``).
- ``library_scan_ms``: scanning 100 GGUF files with a cold metadata cache (then warm).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

SIZE = 256 << 20


def run() -> dict[str, float]:
    import huggingface_hub.constants

    from chatapp.core.models.downloads import DownloadJob, Downloads
    from chatapp.core.models.hub import list_models
    from chatapp.core.models.library import Library
    from tests.support.fake_hub import FakeHub
    from tests.support.tiny_models import write_tiny_model

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        big = tmp / "big.Q4_0.gguf"
        with big.open("wb") as fh:
            block = os.urandom(1 << 20)
            for _ in range(SIZE >> 20):
                fh.write(block)
        hub = FakeHub().start()
        os.environ["HF_ENDPOINT"] = hub.url
        huggingface_hub.constants.HF_HUB_OFFLINE = False
        try:
            hub.add_file("bench/big-GGUF", "big.Q4_0.gguf", big)
            (model,) = list_models("bench/big-GGUF")
            ours, plain = [], []
            for i in range(3):
                target = tmp / f"ours{i}"
                downloads = Downloads(target / "staging", target / "models")
                t0 = time.perf_counter()
                downloads.run(DownloadJob.for_model(model))
                ours.append(time.perf_counter() - t0)
                shutil.rmtree(target)
                target = tmp / f"plain{i}"
                t0 = time.perf_counter()
                huggingface_hub.hf_hub_download(
                    "bench/big-GGUF", "big.Q4_0.gguf", local_dir=target, endpoint=hub.url
                )
                plain.append(time.perf_counter() - t0)
                shutil.rmtree(target)
        finally:
            hub.stop()
        figures["download_s_ours"] = round(min(ours), 3)
        figures["download_s_plain"] = round(min(plain), 3)
        figures["download_ratio"] = round(min(plain) / min(ours), 3)  # speed ratio

        models = tmp / "library"
        models.mkdir()
        for i in range(100):
            write_tiny_model(models / f"m{i:03d}.{'Q4_0' if i % 2 else 'Q8_0'}.gguf",
                             "Q4_0" if i % 2 else "Q8_0", seed=i)  # fmt: skip
        library = Library(models, tmp / "cache", tmp / "data")
        t0 = time.perf_counter()
        scanned = library.scan()
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        library.scan()
        warm = time.perf_counter() - t0
        assert len(scanned) == 100 and all(m.info for m in scanned)
        figures["library_scan_ms"] = round(cold * 1000, 1)
        figures["library_scan_warm_ms"] = round(warm * 1000, 1)
    return figures
