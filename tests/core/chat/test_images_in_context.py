"""Images in the context window: the planner counts them with the loaded projector's rule,
reports an "images" share, and drops an image with its turn when the window rolls (the tiny
model with the generated projector in a real runtime)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.chat.planner import ContextPlanner, PlannerSettings
from chatapp.core.chat.session import CachedCounter
from chatapp.core.chat.store import Store
from chatapp.core.engine import LoadSpec
from chatapp.core.images.prepare import prepare_image
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.local_engine import LocalEngine
from tests.support.tiny_models import write_tiny_model
from tests.support.tiny_projector import IMAGE_TOKENS, png_bytes, write_tiny_projector


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "c.sqlite3")
    yield s
    s.close()


@pytest.fixture
def engine(client: RuntimeClient, tmp_path: Path) -> Iterator[LocalEngine]:
    model = write_tiny_model(tmp_path / "tiny-vl.gguf", "Q8_0")
    mmproj = write_tiny_projector(tmp_path / "mmproj-tiny-vl.gguf")
    e = LocalEngine(client=client)
    e.load(LoadSpec(str(model), n_ctx=2048, n_threads=1, mmproj=str(mmproj)))
    yield e


def chat(store: Store, turns: int) -> int:
    conv = store.create_conversation()
    for i in range(turns):
        image = store.images.put(prepare_image(png_bytes(40, 30, i)), f"p{i}.png")
        store.add_message(conv, "user", f"picture {i}: " + "cat " * 20, images=[image])
        store.add_message(conv, "assistant", f"answer {i}: " + "dog " * 20)
    store.add_message(conv, "user", "which was the first?")
    return conv


def planner(engine: LocalEngine, store: Store, **kw: object) -> ContextPlanner:
    settings = PlannerSettings(**kw)  # type: ignore[arg-type]
    return ContextPlanner(CachedCounter(engine, store), settings, images=store.images)


def test_images_have_their_share_and_paths(engine: LocalEngine, store: Store) -> None:
    conv = chat(store, 3)
    plan = planner(engine, store, n_ctx=2048, reply_reserve=256).plan("", store.branch(conv))
    assert plan.segments["images"] == 3 * IMAGE_TOKENS
    assert sum(plan.segments.values()) == plan.prompt_tokens
    sent = [m for m in plan.messages if m.get("images")]
    assert len(sent) == 3 and all(Path(m["images"][0]["path"]).is_file() for m in sent)
    # The count the planner made is the runtime's, images included (within a token).
    without = [{k: v for k, v in m.items() if k != "images"} for m in plan.messages]
    assert plan.prompt_tokens >= engine.count(without).tokens + 3 * IMAGE_TOKENS - 3


def test_an_image_leaves_the_window_with_its_turn(engine: LocalEngine, store: Store) -> None:
    conv = chat(store, 6)
    branch = store.branch(conv)
    full = planner(engine, store, n_ctx=2048, reply_reserve=256).plan("", branch)
    small = planner(
        engine, store, n_ctx=full.prompt_tokens - 60, reply_reserve=64, policy="rolling"
    )
    plan = small.plan("", branch)
    assert plan.dropped_ids  # the oldest turns went
    kept_images = sum(1 for m in plan.messages if m.get("images"))
    assert kept_images < 6 and plan.segments["images"] == kept_images * IMAGE_TOKENS
    first_question = branch[0].id
    assert first_question in plan.dropped_ids
