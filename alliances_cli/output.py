"""Writing an output file the way shell users expect, and never losing what was there.

- A regular file (or a new one) is written atomically: a temporary file beside it, then a
  rename, so readers see the old file or the whole new one, and an error or Ctrl-C leaves no
  part. A symbolic link is followed: the file it points to is replaced, the link stays.
- A character device, a FIFO or a socket (`/dev/stdout`, `>(wc -c)`, a named pipe) is written
  to directly, as `>` would: renaming over it would replace the device, not feed it.
- A path that is one of the command's inputs is refused, unless the caller allows it; so is a
  directory, a missing folder, or a folder without write permission, each with one line that
  names the user's path.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Sequence


class OutputError(Exception):
    """An output that cannot or must not be written; the message names the user's path."""


def write_atomic(path: str, text: str | Sequence[str], *, inputs: Sequence[str] = ()) -> None:
    """Write `text` (whole, or pieces in turn) to `path` (see the module docstring); `inputs`
    may not be overwritten."""

    def write(target: str) -> None:
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                handle.writelines(text)
            handle.flush()
            if stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                os.fsync(handle.fileno())

    write_atomic_with(path, write, inputs=inputs)


def write_atomic_with(
    path: str, write: Callable[[str], None], *, inputs: Sequence[str] = ()
) -> None:
    """Let `write` fill a temporary file beside `path`'s file, then rename it into place; or,
    for a device or a pipe, let it write there directly."""
    import tempfile

    found = _stat(path)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutputError(f"cannot write '{path}': it is a folder; give a file name")
    if found is not None and not stat.S_ISREG(found.st_mode):
        write(path)
        return
    real = os.path.realpath(path)
    if found is not None:
        for name in inputs:
            other = _stat(name)
            if other is not None and os.path.samestat(found, other):
                raise OutputError(
                    f"refusing to overwrite '{path}': it is an input of this command; "
                    "write to another file, or add --overwrite-input"
                )
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        raise OutputError(f"cannot write '{path}': there is no folder '{folder}'; create it first")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write '{path}': no permission to write in '{folder}'")
    suffix = os.path.splitext(real)[1]
    try:
        fd, tmp = tempfile.mkstemp(prefix=".alliances-", suffix=suffix, dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write '{path}': {exc.strerror or exc}") from None
    os.close(fd)
    try:
        write(tmp)
        if found is not None:  # keep the permissions of the file being replaced
            os.chmod(tmp, found.st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write '{path}': {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _stat(path: str) -> os.stat_result | None:
    """The file `path` leads to (links followed), or None if there is none."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
