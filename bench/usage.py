"""The command line of a bench that takes a few plain flags: `--help` prints the bench's docstring
instead of starting a run that may last half an hour, and an option it does not know stops it with
one line, not a run with the option silently ignored."""

from __future__ import annotations

import sys
from collections.abc import Iterable


def check(doc: str | None, options: Iterable[str] = ()) -> list[str]:
    """The arguments, once none is `-h`/`--help` or an option outside `options` ("--only=x" counts as "--only")."""
    args = sys.argv[1:]
    if "-h" in args or "--help" in args:
        print((doc or "").strip())
        raise SystemExit(0)
    known = set(options)
    for arg in args:
        if arg.startswith("-") and arg.split("=", 1)[0] not in known:
            allowed = ", ".join(sorted(known)) or "none"
            print(f"{sys.argv[0]}: unknown option {arg} (options: {allowed}; --help says more)", file=sys.stderr)
            raise SystemExit(2)
    return args
