"""Writing results: straight to stdout, or atomically to a file (temporary file, then rename)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable


def write_atomic(path: str, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the whole new one."""

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    write_atomic_with(path, write)


def write_atomic_with(path: str, write: Callable[[str], None]) -> None:
    """Let `write` fill a temporary file beside `path`, then rename it into place."""
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    suffix = os.path.splitext(path)[1]
    fd, tmp = tempfile.mkstemp(prefix=".alliances-", suffix=suffix, dir=directory)
    os.close(fd)
    try:
        write(tmp)
        if os.path.exists(path):  # keep the permissions of the file being replaced
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def emit(text: str, output: str | None) -> None:
    """Machine output: to the -o file atomically, or to stdout as is (never through Rich)."""
    if output:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
