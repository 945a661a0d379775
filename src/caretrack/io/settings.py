"""The TOML files a user writes: an authority's `authority.toml`, its timescale
settings (`--settings`) and a comparator map (`--comparator-map`).

A file that cannot be read, or is not valid TOML, is an InputError naming the file and
the line, as every other input gets: a traceback of tomllib's names no file.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from caretrack.io.problems import InputError, Problem


def read_toml(path: Path, what: str) -> dict:
    """The settings in `path`, which holds `what` (for the message: "the authority's code")."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise InputError([Problem(str(path), f"cannot be read ({e.strerror})", expected=f"a TOML file of {what}")]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(str(path), "cannot be read as text", expected=f"a UTF-8 TOML file of {what}")]) from None
    except tomllib.TOMLDecodeError as e:
        # Python 3.11's TOMLDecodeError gives the place only in its message: "... (at line 1, column 10)".
        at = re.search(r"\(at line (\d+), column \d+\)$", str(e))
        why = re.sub(r"\s*\(at line \d+, column \d+\)$|\s*\(at end of document\)$", "", str(e))
        raise InputError([Problem(str(path), f"not valid TOML: {why}", int(at[1]) if at else None,
                                  expected=f"TOML of {what}")]) from None
