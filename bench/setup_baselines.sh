#!/usr/bin/env bash
# The benchmark's baseline tools, each in bench/.venv-baselines (never in the project's venv).
#
#     bench/setup_baselines.sh            # create/complete the venv (skips what is installed)
#     bench/setup_baselines.sh --apt      # also the system packages some of them need (root)
#     bench/setup_baselines.sh --force    # reinstall everything
#
# Every tool is installed by a pip command of its own, so one that cannot be installed here
# does not keep the others out; bench/baselines.py then reports its import error as the
# reason in the table. A stamp file per tool makes a second run cost nothing. Three venvs:
# .venv-baselines (pdfplumber, python-docx, docx2python, camelot), .venv-baselines-unstructured
# and .venv-baselines-dedoc, since those two pin versions the others cannot live with.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="${BASELINES_VENV:-$HERE/.venv-baselines}"
PY="${PYTHON:-python3}"
FORCE=0
APT=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    --apt) APT=1 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done

if [ "$APT" = 1 ]; then
  # ghostscript: camelot's optional backend; poppler-utils: pdf2image (unstructured, dedoc);
  # libmagic1: unstructured's file-type detection; libgl1/libglib2.0-0: opencv;
  # default-jre-headless: dedoc's PDF text-layer reader (tabby, a Java jar);
  # libreoffice-writer-nogui: dedoc's .doc conversion.
  apt-get update -qq && apt-get install -y -qq ghostscript poppler-utils libmagic1 libgl1 \
      libglib2.0-0 default-jre-headless tesseract-ocr tesseract-ocr-rus || \
      echo "apt-get failed: some baselines may not run" >&2
fi

install() {   # install VENV NAME PIP-ARGS...
  local venv="$1" name="$2"; shift 2
  [ -x "$venv/bin/python" ] || "$PY" -m venv "$venv" || return 1
  mkdir -p "$venv/stamps"
  if [ "$FORCE" = 0 ] && [ -f "$venv/stamps/$name" ]; then
    echo "baselines: $name already installed ($venv)"; return 0
  fi
  echo "baselines: installing $name into $venv ($*)"
  "$venv/bin/pip" install -q --upgrade pip setuptools wheel >/dev/null 2>&1
  if "$venv/bin/pip" install -q "$@" >"$venv/stamps/$name.log" 2>&1; then
    touch "$venv/stamps/$name"
  else
    echo "baselines: $name FAILED to install (see $venv/stamps/$name.log)" >&2
    grep -v "^WARNING: Location" "$venv/stamps/$name.log" | tail -n 3 >&2
  fi
}

# three venvs: dedoc and unstructured pin versions (numpy, python-docx, pypdf) the others
# cannot live with
install "$VENV" base psutil pdfplumber==0.11.10 python-docx==1.2.0
install "$VENV" docx2python docx2python
install "$VENV" camelot camelot-py opencv-python-headless ghostscript
install "$VENV" py-spy py-spy        # the profiler of `bench/run.py --profile`
install "$VENV-unstructured" unstructured psutil "unstructured[docx,pdf]"
install "$VENV-dedoc" dedoc psutil dedoc torch torchvision   # torch: a CPU wheel
echo "baselines: venvs at $VENV, $VENV-unstructured, $VENV-dedoc"
exit 0
