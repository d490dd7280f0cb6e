# Sourced by scripts/run and scripts/test: create .venv and install the project once per
# pyproject change. Only the package registries are needed (torch==2.13.0 comes from the
# machine's local wheel; uv/poetry would fetch a multi-GB CUDA build, so this uses pip).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
extras="${1:-}"
python_bin="${PYTHON:-python3}"
if ! "$python_bin" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Python >= 3.11 is required (found $("$python_bin" --version 2>&1))" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python_bin" -m venv .venv
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-12)${extras:+-$extras}"
if [ ! -f "$stamp" ]; then
  echo "== installing Simbioze into .venv (the first time takes a few minutes)" >&2
  started=$SECONDS
  # One line per package pip collects and installs; "already satisfied" lines are left out.
  .venv/bin/pip install --disable-pip-version-check --progress-bar off \
      -e ".${extras:+[$extras]}" 2>&1 \
    | grep --line-buffered -v -e "is ignored: it is neither a file nor a directory" \
        -e "^Requirement already satisfied" >&2 || true
  .venv/bin/python -c 'import assistant, torch, sentence_transformers' >/dev/null
  echo "== installed in $((SECONDS - started)) s" >&2
  touch "$stamp"
fi
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
