"""Try the built packages as a machine would: ``python packaging/check_install.py [dist]``.

As root with apt (``make package-check``): lintian, then ``apt-get install`` of both packages;
the menu entry and metainfo validated; ``kotoba --self-check`` on the installed demo model as
root and as a second, new user (each must get their own data folder and nothing may change
under /opt/kotoba); the window started from the desktop entry's ``Exec`` line under Xvfb, timed
to a visible window and photographed; then ``apt-get remove`` and a check that none of the
packages' files is left. Without root: the packages unpacked into a throwaway root with
``dpkg -x`` and the unpacked app's self-check run on the unpacked model.

Prints one JSON line of what was measured; exit 0 when every check passed.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kotoba", "kotoba-demo-model")
SECOND_USER = "kotoba-check"
SCREENSHOT = ROOT / "docs" / "screenshots" / "installed-app-ja.png"
failures: list[str] = []


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)  # type: ignore[call-overload]


def check(ok: bool, what: str) -> bool:
    if not ok:
        failures.append(what)
        print(f"FAILED: {what}", file=sys.stderr)
    return ok


def debs(dist: Path) -> list[Path]:
    found = sorted(dist.glob("kotoba_*_amd64.deb")) + sorted(dist.glob("kotoba-demo-model_*.deb"))
    if len(found) != 2:
        raise SystemExit(f"expected the two .deb files in {dist}; run `make package` first")
    return found


def lintian(files: list[Path]) -> dict[str, object]:
    if shutil.which("lintian") is None:
        return {"lintian": "not installed"}
    out = run(["lintian", "--no-tag-display-limit", *map(str, files)], timeout=1800).stdout
    lines = [ln for ln in out.splitlines() if ln[:2] in ("E:", "W:")]
    errors = [ln for ln in lines if ln.startswith("E:")]
    check(not errors, f"lintian errors: {errors[:5]}")
    tags = sorted({ln.split()[2] for ln in lines if len(ln.split()) > 2})
    return {"lintian_errors": len(errors), "lintian_warnings": len(lines) - len(errors),
            "lintian_tags": tags}  # fmt: skip


def self_check(cmd: list[str], env: dict[str, str]) -> dict[str, object]:
    result = run([*cmd, "--self-check"], env=env, timeout=600)
    lines = result.stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    said = result.stdout[-300:] + result.stderr[-300:]
    check(result.returncode == 0 and report.get("ok") is True,
          f"self-check {cmd} exit {result.returncode}: {said}")  # fmt: skip
    return report


def tree_state(top: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in top.rglob("*") if p.is_file()}


def user_env(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "KOTOBA_DATA"}
    return {**keep, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}


def second_user(result: dict[str, object]) -> None:
    if run(["id", SECOND_USER]).returncode != 0:
        run(["useradd", "--create-home", "--shell", "/bin/sh", SECOND_USER], check=True)
    home = Path(f"/home/{SECOND_USER}")
    try:
        env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen",
               "LANG": "C.UTF-8"}  # fmt: skip
        as_user = ["runuser", "-u", SECOND_USER, "--", "env", "-i"]
        report = self_check(
            [*as_user, *(f"{k}={v}" for k, v in env.items()), "kotoba"],
            {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
        )
        data = home / ".local" / "share" / "Kotoba"
        check(data.is_dir(), f"the second user's data folder {data} was not made")
        owners = {p.owner() for p in data.rglob("*")} if data.is_dir() else set()
        check(owners <= {SECOND_USER}, f"files in {data} owned by {owners}")
        result["second_user"] = {"ok": report.get("ok"), "data_dir": str(data)}
    finally:
        run(["userdel", "--remove", SECOND_USER])


def exec_line() -> list[str]:
    entry = Path("/usr/share/applications/kotoba.desktop").read_text(encoding="utf-8")
    line = next(ln for ln in entry.splitlines() if ln.startswith("Exec="))
    return [a for a in shlex.split(line[5:]) if not a.startswith("%")]


def visible_window(pid: int, deadline: float, env: dict[str, str]) -> str:
    """The X window id of the process's first visible window, "" if none by the deadline."""
    while time.monotonic() < deadline:
        found = run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)], env=env)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.02)
    return ""


def window_start(result: dict[str, object], rounds: int = 5) -> None:
    """Start the Exec line under Xvfb (fresh data each time); seconds to a visible window."""
    if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
        result["window"] = "Xvfb or xdotool not installed"
        return
    xvfb = subprocess.Popen(["Xvfb", ":97", "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                            stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(1.0)
    times: list[float] = []
    try:
        for i in range(rounds):
            with tempfile.TemporaryDirectory() as home:
                env = {**user_env(Path(home)), "DISPLAY": ":97", "LANG": "ja_JP.UTF-8"}
                env.pop("QT_QPA_PLATFORM")
                t0 = time.monotonic()
                app = subprocess.Popen(exec_line(), env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True)  # fmt: skip
                shown = visible_window(app.pid, t0 + 60, env)
                times.append(time.monotonic() - t0)
                if not check(shown, f"no window from {exec_line()}"):
                    app.kill()
                    print(app.communicate()[1][-2000:], file=sys.stderr)
                    break
                if i == rounds - 1 and shutil.which("import"):
                    time.sleep(4.0)  # let the welcome page paint
                    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                    run(["import", "-window", shown, str(SCREENSHOT)], env=env, check=True)
                    result["screenshot"] = str(SCREENSHOT.relative_to(ROOT))
                app.terminate()
                app.wait(timeout=30)
    finally:
        xvfb.terminate()
    result["window_start_s"] = [round(t, 3) for t in times]
    if times:
        result["window_start_median_s"] = round(statistics.median(times), 3)
        check(statistics.median(times) <= 1.5, f"start to a shown window {times} s (target 1.5)")


def package_files() -> list[Path]:
    out = run(["dpkg", "-L", *PACKAGES], check=True).stdout.splitlines()
    return [Path(p) for p in out if Path(p).is_file() or Path(p).is_symlink()]


def installed(files: list[Path], result: dict[str, object]) -> None:
    apt = run(["apt-get", "install", "-y", *(str(p.resolve()) for p in files)], timeout=1800,
              env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip
    if not check(apt.returncode == 0, f"apt-get install: {apt.stdout[-500:]}{apt.stderr[-500:]}"):
        return
    owned: list[Path] = []
    try:
        owned = package_files()
        result["installed_files"] = len(owned)
        validate = run(["desktop-file-validate", "/usr/share/applications/kotoba.desktop"])
        check(validate.returncode == 0 and not validate.stdout.strip(),
              f"desktop entry: {validate.stdout}")  # fmt: skip
        if shutil.which("appstreamcli"):
            meta = next(Path("/usr/share/metainfo").glob("*kotoba*.xml"))
            ok = run(["appstreamcli", "validate", "--no-net", str(meta)])
            check(ok.returncode == 0, f"appstreamcli: {ok.stdout}{ok.stderr}")
        before = tree_state(Path("/opt/kotoba"))
        with tempfile.TemporaryDirectory() as home:
            report = self_check(["kotoba"], user_env(Path(home)))
            data = Path(home) / ".local" / "share" / "Kotoba"
            check(data.is_dir(), f"no data folder at {data}")
        result["self_check"] = {k: report.get(k) for k in ("ok", "model", "tokens", "cpu_variant")}
        check(str(report.get("model", "")).startswith("/usr/share/kotoba/models/"),
              f"self-check used {report.get('model')}, not the installed demo model")  # fmt: skip
        second_user(result)
        window_start(result)
        check(tree_state(Path("/opt/kotoba")) == before, "files under /opt/kotoba changed")
    finally:
        gone = run(["apt-get", "remove", "-y", *PACKAGES],
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip
        check(gone.returncode == 0, f"apt-get remove: {gone.stderr[-500:]}")
    left = [str(p) for p in owned if p.exists() or p.is_symlink()]
    left += [d for d in ("/opt/kotoba", "/usr/share/kotoba") if Path(d).exists()]
    check(not left, f"left after apt-get remove: {left[:10]}")
    result["left_after_remove"] = len(left)


def unpacked(files: list[Path], result: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as root:
        for deb in files:
            run(["dpkg-deb", "-x", str(deb), root], check=True)
        model = next(Path(root, "usr/share/kotoba/models").glob("*.gguf"))
        with tempfile.TemporaryDirectory() as home:
            cmd = [str(Path(root, "opt/kotoba/kotoba")), "--data-dir", home, "--model", str(model)]
            report = self_check(cmd, user_env(Path(home)))
        result["self_check_unpacked"] = {k: report.get(k) for k in ("ok", "tokens", "cpu_variant")}


def main() -> int:
    dist = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist"
    files = debs(dist)
    result: dict[str, object] = {
        "sizes_mb": {p.name: round(p.stat().st_size / 1e6, 1) for p in files},
        "depends": run(["dpkg-deb", "-f", str(files[0]), "Depends"]).stdout.strip().count(",") + 1,
    }
    result.update(lintian(files))
    if os.geteuid() == 0 and shutil.which("apt-get"):
        installed(files, result)
    else:
        unpacked(files, result)
    result["failures"] = failures
    print(json.dumps(result, ensure_ascii=False))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
