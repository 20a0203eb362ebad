"""The package configuration: building the project warns about nothing, and the wheel ships every data file."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Builds a wheel and an editable wheel as pip would, recording every warning setuptools gives.
# (build_meta rewrites sys.argv, so the arguments are read first.)
BUILD = """
import json, sys, warnings
from setuptools import build_meta
dist, result = sys.argv[1:3]
with warnings.catch_warnings(record=True) as caught:
    wheel = build_meta.build_wheel(dist)
    build_meta.build_editable(dist)
found = [f"{w.category.__name__}: {w.message}" for w in caught]
open(result, "w").write(json.dumps({"wheel": wheel, "warnings": found}))
"""


def install_warning_filter() -> str:
    """The PYTHONWARNINGS that scripts/venv.sh gives `pip install --editable`."""
    found = re.search(
        r'PYTHONWARNINGS="([^"]*)" \S+ -m pip install .*--editable', (ROOT / "scripts/venv.sh").read_text()
    )
    return found[1] if found else ""


def test_building_warns_of_nothing_and_ships_every_data_file(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    for name in ("bot", "handlers", "data"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONWARNINGS": install_warning_filter()}
    result = tmp_path / "result.json"
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(tmp_path / "dist"), str(result)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    built = json.loads(result.read_text())
    assert built["warnings"] == []
    with zipfile.ZipFile(tmp_path / "dist" / built["wheel"]) as wheel:
        shipped = {name.removeprefix("bot/") for name in wheel.namelist() if name.startswith("bot/data/")}
    data = {
        str(p.relative_to(ROOT)) for p in (ROOT / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts
    }
    assert data <= shipped, f"data files missing from the wheel: {sorted(data - shipped)}"
