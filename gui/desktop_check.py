"""Can this machine open the dashboard's window? Asked before Qt is loaded.

Without a display, or with one of the X11 libraries Qt's xcb platform plugin links against
missing, Qt prints a long message (often naming the wrong library) and aborts the process
(exit 134). ``desktop_problem()`` finds both cases first, without importing Qt, so main.py can
say in one sentence what is wrong and how to go on (and an X server that does not answer on
$DISPLAY, a stale SSH forward say, is asked through libxcb the same way).
"""

from __future__ import annotations

import ctypes
import os
import sys

XCB_LIBRARIES: dict[str, str] = {
    # soname: the Debian/Ubuntu package that provides it (what libqxcb.so links against)
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
}


def missing_libraries(sonames: dict[str, str] = XCB_LIBRARIES) -> list[str]:
    """The packages of the libraries the dynamic loader cannot find."""
    missing = []
    for soname, package in sonames.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing


def display_reachable(display: str) -> bool:
    """True when an X server answers on ``display`` (asked through libxcb, as Qt would)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # missing_libraries() reports that one
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    error = xcb.xcb_connection_has_error(connection)
    xcb.xcb_disconnect(connection)
    return error == 0


def desktop_problem(environ: dict[str, str] | None = None) -> str | None:
    """One sentence saying why the window cannot open here, or None when it should.

    Only Linux with X11 is checked: an explicit QT_QPA_PLATFORM other than xcb (offscreen,
    wayland, ...) or a Wayland session is left to Qt.
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None
    if not env.get("DISPLAY") and not (env.get("WAYLAND_DISPLAY") and not platform):
        return ("nndash needs a desktop session to open its window (no display found): start "
                "it from the desktop, or train in the terminal with --headless.")
    if env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        # a frozen bundle carries its own copies, which the system's loader cannot see
        missing = [] if getattr(sys, "frozen", False) else missing_libraries()
        if missing:
            return ("nndash cannot open its window: system libraries for X11 are missing; "
                    f"install them with 'sudo apt install {' '.join(missing)}' (or use "
                    "--headless).")
        if not display_reachable(env["DISPLAY"]):
            return (f"nndash cannot reach the display {env['DISPLAY']}: start it from the "
                    "desktop session, or train in the terminal with --headless.")
    return None
