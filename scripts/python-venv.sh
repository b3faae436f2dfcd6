#!/bin/sh
# Makes (or brings up to date) a virtual environment holding exactly the
# pinned packages of a requirements file:
#   ./scripts/python-venv.sh REQUIREMENTS VENV_DIR [BASE_VENV]
# Reinstalls only when the requirements file changed (its hash is stamped in
# the environment), so a second run takes a second. With BASE_VENV (an
# environment this script made), the new one starts as a copy of it and pip
# changes only what differs (e.g. another Triton beside the same PyTorch).
set -e
req=$1 venv=$2 base=${3:-}
[ -f "$req" ] || { echo "python-venv: no requirements file $req" >&2; exit 2; }
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then
  exit 0
fi
rm -rf "$venv"
if [ -n "$base" ] && [ -x "$base/bin/python" ]; then
  cp -a "$base" "$venv" && rm -f "$stamp"
else
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade-strategy only-if-needed -r "$req"
echo "$want" > "$stamp"
"$venv/bin/python" -c "import sys, torch, triton, numpy; print('python-venv:', '$venv', 'python', sys.version.split()[0], 'torch', torch.__version__, 'triton', triton.__version__, 'numpy', numpy.__version__)"
