"""Output files written whole, or not at all.

A report, an export or a validation report is written to a temporary file beside it
and renamed over the old one only when complete. A failed write (a full disk, an
interrupted run, an error while rendering) then leaves the last complete file in place,
never half of a new one, and no temporary file behind. Otherwise it is what an ordinary
write gives: the permissions of the file it replaces, else the umask's; a symbolic link's
target written, not the link replaced; and a device or pipe (`--out /dev/stdout`)
written to directly, as it cannot be replaced.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def replacing(path: Path, text: bool = True) -> Iterator[IO]:
    """An open file (text, UTF-8, no newline translation; or binary) that becomes
    `path` when the block ends without an error, and is removed if it does not."""
    kind = {"encoding": "utf-8", "newline": ""} if text else {}
    if path.exists() and not path.is_file():  # /dev/stdout is a link to a pipe or a terminal
        with open(path, "w" if text else "wb", **kind) as f:
            yield f
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    # Made as any new file is (mode 0666 less the umask), not 0600 as tempfile's are.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w" if text else "wb", **kind) as f:
            yield f
        if path.exists():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text(path: Path, text: str, bom: bool = False) -> None:
    """`path` holds `text` (UTF-8), written whole; with `bom`, after a byte order mark,
    by which Excel knows a CSV file is UTF-8 (without it, the DfE's "children’s" reads
    "childrenâ€™s" there)."""
    with replacing(path) as f:
        f.write(("\ufeff" if bom else "") + text)
