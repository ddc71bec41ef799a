# Kotoba: every target sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
VPY    := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export HF_HUB_DISABLE_TELEMETRY := 1

.PHONY: package package-check run test lint bench app setup setup-test clean translations

run: $(VENV)/.demo
	$(MAKE) translations
	PY=$(VPY) scripts/system_deps.sh qt
	$(VPY) -m chatapp

test: $(VENV)/.test
	$(MAKE) translations
	scripts/system_deps.sh
	QT_QPA_PLATFORM=offscreen $(VPY) -m pytest

lint: $(VENV)/.test
	$(VENV)/bin/ruff check chatapp tests bench scripts
	$(VENV)/bin/ruff format --check chatapp tests bench scripts
	$(VENV)/bin/mypy

bench: $(VENV)/.bench
	$(MAKE) translations
	QT_QPA_PLATFORM=offscreen $(VPY) -m bench $(GROUPS)

# A standalone application folder (dist/kotoba/) with PyInstaller, then its smoke test.
app: $(VENV)/.test
	$(MAKE) translations
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/kotoba.spec
	packaging/smoke_test.sh dist/kotoba/kotoba

# Debian packages in dist/ (packaging/README.md): the app bundle without the system's libraries,
# then kotoba_<version>_amd64.deb (Depends measured with ldd) and kotoba-demo-model_<version>_all.deb.
package: $(VENV)/.test
	$(MAKE) translations
	scripts/system_deps.sh package
	KOTOBA_DEB=1 $(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath build/deb-app --workpath build/pyinstaller-deb packaging/kotoba.spec
	$(VPY) packaging/build_deb.py build/deb-app/kotoba --out dist

# Build, then try the packages (packaging/check_install.py): as root apt-get install, self-check as
# two users, the desktop entry's Exec line under Xvfb (start time, screenshot), apt-get remove and
# nothing left; without root, dpkg -x into a throwaway root and the self-check there. About 15 min,
# so CI does not run it (packaging/README.md).
package-check: package
	scripts/system_deps.sh package-check
	$(VPY) packaging/check_install.py dist

setup: $(VENV)/.demo
setup-test: $(VENV)/.test

$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip

# llama-cpp-python is built once per (version, flags, Python, build scripts) into a keyed folder
# outside pip's cache, then installed from there. On x86-64 it carries one CPU backend per feature
# level and the runtime picks one when it starts (scripts/build_llama_wheel.sh,
# docs/cpu-variants.md); KOTOBA_CMAKE_ARGS replaces the flags.
$(VENV)/.llama: scripts/build_llama_wheel.sh scripts/patch_llama_sdist.py Makefile | $(VPY)
	wheel_dir=$$(PY=$(VPY) scripts/build_llama_wheel.sh) && \
	  $(VPY) -m pip install -q --no-deps --force-reinstall --no-cache-dir "$$wheel_dir"/llama_cpp_python-*.whl
	touch $@

$(VENV)/.demo: pyproject.toml $(VENV)/.llama
	$(VPY) -m pip install -q -e '.[demo]'
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.llama
	$(VPY) -m pip install -q -e '.[demo,test]'
	touch $@

$(VENV)/.bench: $(VENV)/.test
	$(VPY) -m pip install -q -e '.[demo,test,bench]'
	touch $@

# The .qm files are built from the .ts sources in the repository (pyside6-lrelease).
translations: $(patsubst resources/translations/%.ts,chatapp/i18n/%.qm,$(wildcard resources/translations/*.ts))

chatapp/i18n/%.qm: resources/translations/%.ts
	@mkdir -p chatapp/i18n
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
