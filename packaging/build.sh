#!/usr/bin/env bash
# Build the nndash desktop bundle with PyInstaller, then check that it starts.
#
#   bash packaging/build.sh                one folder, dist/nndash/nndash, built in its own
#                                          virtual environment (build/venv, reused next time)
#   bash packaging/build.sh --onefile      one self-unpacking file, dist/onefile/nndash
#   bash packaging/build.sh --current-env  build with the active Python (CI: the test venv)
#
# Prints the bundle size and how long `<bundle> --smoke-test` takes; exits non-zero when the
# build or the smoke test fails. Logs go to build/*.log.
set -euo pipefail
cd "$(dirname "$0")/.."

PYINSTALLER="pyinstaller==6.22.3"
use_current_env=0
export NNDASH_ONEFILE=0
for option in "$@"; do
    case "$option" in
        --onefile) NNDASH_ONEFILE=1 ;;
        --current-env) use_current_env=1 ;;
        -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option '$option' (see --help)" >&2; exit 2 ;;
    esac
done

# Print a log's tail and stop: the full log stays in build/ for a closer look.
fail() {
    tail -n 25 "$2" >&2
    echo "build.sh: $1 failed (log: $2)" >&2
    exit 1
}

mkdir -p build
if [ "$use_current_env" = 0 ]; then
    [ -x build/venv/bin/python ] || python3 -m venv build/venv
    # shellcheck disable=SC1091
    . build/venv/bin/activate
    python -m pip install -e . >build/pip.log 2>&1 || fail "installing nndash" build/pip.log
fi
python -m pip install "$PYINSTALLER" >>build/pip.log 2>&1 || fail "installing $PYINSTALLER" build/pip.log

if [ "$NNDASH_ONEFILE" = 1 ]; then
    dist=dist/onefile bundle=dist/onefile/nndash
else
    dist=dist bundle=dist/nndash/nndash
fi
started=$SECONDS
python -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$dist" \
    --workpath build/pyinstaller packaging/nndash.spec >build/pyinstaller.log 2>&1 \
    || fail "PyInstaller" build/pyinstaller.log
echo "built $bundle in $((SECONDS - started)) s; size $(du -sh "$(dirname "$bundle")" | cut -f1)"

# A library this machine lacks is missing from the bundle too (Wayland's come with any Wayland
# session); e.g. without libxcb-icccm4 here, the bundle opens X11 windows only where it exists.
if [ "$NNDASH_ONEFILE" = 0 ]; then
    missing=$(python packaging/system_libs.py --missing dist/nndash | grep -v '^libwayland-' \
        | tr '\n' ' ' || true)
    [ -z "$missing" ] || echo "warning: not bundled, as this machine lacks them: $missing"
fi

started_ns=$(date +%s%N)
QT_QPA_PLATFORM=offscreen "$bundle" --smoke-test >build/smoke-test.log 2>&1 \
    || fail "the smoke test ($bundle --smoke-test)" build/smoke-test.log
echo "smoke test passed in $(( ($(date +%s%N) - started_ns) / 1000000 )) ms"
