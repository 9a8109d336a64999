#!/usr/bin/env bash
# Put an nndash bundle in the current user's application menu (Linux desktops):
#
#   ./install-desktop.sh                  run inside the bundle folder (the spec copies it there)
#   bash packaging/install-desktop.sh [BUNDLE_FOLDER]     from the source tree; default dist/nndash
#
# Copies the bundle's icon sizes into the hicolor theme and writes nndash.desktop with Exec
# pointing at the bundle, all under ${XDG_DATA_HOME:-~/.local/share}. Run it again after
# moving the bundle.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -x "$here/nndash" ]; then default="$here"; else default="$here/../dist/nndash"; fi
bundle="$(cd "${1:-$default}" && pwd)"
if [ ! -x "$bundle/nndash" ] || [ ! -f "$bundle/nndash.desktop" ]; then
    echo "install-desktop.sh: $bundle is not an nndash bundle; build one with packaging/build.sh" >&2
    exit 1
fi
icons="$bundle/_internal/resources/icons"
data="${XDG_DATA_HOME:-$HOME/.local/share}"

for size in 16 32 48 64 128 256 512; do
    install -Dm644 "$icons/nndash-$size.png" "$data/icons/hicolor/${size}x${size}/apps/nndash.png"
done
install -Dm644 "$icons/nndash.svg" "$data/icons/hicolor/scalable/apps/nndash.svg"
mkdir -p "$data/applications"
sed "s|^Exec=.*|Exec=\"$bundle/nndash\"|" "$bundle/nndash.desktop" >"$data/applications/nndash.desktop"
update-desktop-database -q "$data/applications" 2>/dev/null || true
echo "installed $data/applications/nndash.desktop"
