from pathlib import Path

import pytest

from chatapp.core.settings import AppSettings, load_settings, save_settings, settings_file


def test_round_trip(tmp_path: Path) -> None:
    s = AppSettings(threads=4, default_context=8192, default_policy="rolling", theme="dark",
                    language="ja", models_dir=str(tmp_path / "m"))  # fmt: skip
    save_settings(tmp_path, s)
    assert load_settings(tmp_path) == s


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [("threads", -1, "Threads"), ("default_context", 10, "context"), ("theme", "neon", "theme"),
     ("language", "fr", "language"), ("default_policy", "x", "policy"),
     ("models_dir", "relative/path", "full path"), ("gpu_layers", -5, "GPU")],
)  # fmt: skip
def test_invalid_values_are_refused(field: str, value: object, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        AppSettings(**{field: value}).validate()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "content", ["", "{not json", "[1, 2]", '{"values": 3}', '{"values": {"threads": "many"}}']
)
def test_damaged_files_fall_back_to_defaults(tmp_path: Path, content: str) -> None:
    settings_file(tmp_path).write_text(content)
    assert load_settings(tmp_path) == AppSettings()


def test_one_bad_value_keeps_the_good_ones(tmp_path: Path) -> None:
    settings_file(tmp_path).write_text(
        '{"schema_version": 1, "values": {"threads": 3, "theme": "neon", "future_key": 1}}'
    )
    s = load_settings(tmp_path)
    assert s.threads == 3 and s.theme == "system"


def test_the_data_folder_setting_is_used_at_start(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from chatapp.app import build_parser, resolve_paths
    from chatapp.core.paths import AppPaths

    monkeypatch.delenv("KOTOBA_DATA_DIR", raising=False)
    config = tmp_path / "config"
    monkeypatch.setattr(
        AppPaths, "default",
        classmethod(lambda cls: cls(tmp_path / "d0", config, tmp_path / "c", tmp_path / "l")),
    )  # fmt: skip
    save_settings(config, AppSettings(data_dir=str(tmp_path / "moved")))
    paths = resolve_paths(build_parser().parse_args([]))
    assert paths.data_dir == tmp_path / "moved" and paths.config_dir == config
    assert (tmp_path / "moved").is_dir()
