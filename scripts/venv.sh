# Sourced by scripts/run and scripts/test: make .venv at the repo root and install the project into it.
# Usage: . scripts/venv.sh EXTRAS   (EXTRAS is "" or "[dev]")
extras="${1:-}"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "需要 Python 3.11 或更新版本（当前: $("$python" --version 2>&1)）。可设 PYTHON=python3.11 再试。" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
# Reinstall only when pyproject.toml or the extras changed.
stamp=".venv/.installed${extras}-$(cksum < pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    # setuptools warns on every editable install of a project that maps a package to another folder
    # (bot.data is data/) that folders named like the package in the working directory may shadow it.
    # Here those folders are the checkout itself, so the note only buries real problems.
    PYTHONWARNINGS="ignore:Editable installation" .venv/bin/python -m pip install --quiet --editable ".${extras}"
    touch "$stamp"
fi
