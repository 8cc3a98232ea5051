#!/usr/bin/env bash
# Builds and installs the crossdoc Python package from this checkout (non-editable, so the real
# wheel is tested) and runs the Python test suite. Called by CI; safe to run by hand.
#
#   bash scripts/python_test.sh            # uses python3
#   PYTHON=python3.11 bash scripts/python_test.sh
#
# Needs the system libraries of the C++ build (ICU, Abseil, xxHash headers; see README.md);
# pybind11 and scikit-build-core come from PyPI into pip's isolated build environment.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

echo "== python test dependencies"
"$PYTHON" -m pip install --quiet --disable-pip-version-check pytest numpy "dask[distributed]"

echo "== pip install . (scikit-build-core builds libcrossdoc and the pybind11 module)"
"$PYTHON" -m pip install --disable-pip-version-check .

echo "== pytest tests/python"
# Run from outside the source tree's package folder so the installed package is what is tested.
"$PYTHON" -c "import crossdoc, os; print('testing', crossdoc.__file__)"
"$PYTHON" -m pytest tests/python -q -rs -p no:cacheprovider "$@"
