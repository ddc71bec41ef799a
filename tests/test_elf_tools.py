"""packaging/elf_tools.py on shared libraries built here with the C compiler (as llama.cpp is)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))
import elf_tools

CC = shutil.which("cc") or shutil.which("gcc")


def build(tmp_path: Path, name: str, rpath: str) -> Path:
    src = tmp_path / "x.c"
    src.write_text("int kotoba_answer(void) { return 42; }\n")
    out = tmp_path / name
    flags = ["-shared", "-fPIC", "-g", f"-Wl,-rpath,{rpath}", "-Wl,--enable-new-dtags"]
    subprocess.run([CC, *flags, "-o", str(out), str(src)], check=True)
    return out


@pytest.fixture
def cc() -> None:
    if CC is None:
        pytest.fail("no C compiler: scripts/system_deps.sh / build-essential")


def test_outside_paths_go_and_origin_stays(tmp_path, cc):
    lib = build(tmp_path, "libmixed.so", "/root/.pyenv/versions/3.11.7/lib:$ORIGIN/sub")
    assert elf_tools.drop_outside_search_paths(lib) == ["/root/.pyenv/versions/3.11.7/lib"]
    assert [p for _, _, p in elf_tools.read_elf(lib).search_paths] == ["$ORIGIN/sub"]
    assert elf_tools.loads(lib)


def test_an_entry_with_nothing_kept_leaves_the_dynamic_section(tmp_path, cc):
    lib = build(tmp_path, "libout.so", "/root/.pyenv/versions/3.11.7/lib")
    assert elf_tools.drop_outside_search_paths(lib) == ["/root/.pyenv/versions/3.11.7/lib"]
    assert elf_tools.read_elf(lib).search_paths == ()
    assert elf_tools.drop_outside_search_paths(lib) == []
    assert elf_tools.loads(lib)


def test_strip_removes_symbols_and_the_library_still_loads(tmp_path, cc):
    lib = build(tmp_path, "libsym.so", "$ORIGIN")
    info = elf_tools.read_elf(lib)
    assert info.shared_library and info.unstripped
    result = elf_tools.strip_libraries([lib])
    assert lib in result.stripped and result.kept == []
    assert not elf_tools.read_elf(lib).unstripped
    assert elf_tools.loads(lib)


def test_the_original_comes_back_when_no_stripped_copy_loads(tmp_path, cc):
    lib = build(tmp_path, "libkeep.so", "$ORIGIN")
    before = lib.read_bytes()
    result = elf_tools.strip_libraries([lib], check=lambda _p: False)
    assert result.kept == [lib] and lib.read_bytes() == before
    assert not list(tmp_path.glob("*.unstripped"))
