"""The exit codes of every command, in one place (documented in the README and `--help`)."""

OK = 0
INVALID_INPUT = 1
USAGE = 2
THRESHOLD = 3
UNAVAILABLE = 4
INTERNAL = 70
INTERRUPTED = 130

TABLE = (
    (OK, "success"),
    (
        INVALID_INPUT,
        "invalid input: an unreadable or invalid scenario, or an event that cannot apply",
    ),
    (USAGE, "usage error: an unknown option, a missing argument, a bad option value"),
    (THRESHOLD, "a threshold given by a --fail-* option was crossed"),
    (
        UNAVAILABLE,
        "a dependency is missing (the message gives the install command), or memory would run out",
    ),
    (INTERNAL, "internal error: a bug in alliances (rerun with --debug and report it)"),
    (INTERRUPTED, "interrupted (Ctrl-C)"),
)
