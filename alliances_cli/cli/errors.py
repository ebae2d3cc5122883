"""Every way a command can end, mapped to its documented exit code, without a traceback."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from alliances_cli import exitcodes
from alliances_cli.cli.env import Environment

F = TypeVar("F", bound=Callable[..., Any])

#: Problems a command prints before it says how many more there are (`validate` prints all).
SHOWN_PROBLEMS = 20


def guarded(func: F) -> F:
    """Run a command (whose first parameter is the Typer context) and map its errors."""

    @functools.wraps(func)
    def wrapper(ctx: typer.Context, *args: Any, **kwargs: Any) -> Any:
        from alliances_cli.api import EventError, OutputError, ScenarioError, UnknownId
        from alliances_cli.cli.app import environment

        env = environment(ctx)
        try:
            return func(ctx, *args, **kwargs)
        except ScenarioError as exc:
            # One mistake repeated on every row of an edge list would scroll away the rest.
            for problem in exc.problems[:SHOWN_PROBLEMS]:
                env.error(str(problem))
            hidden = len(exc.problems) - SHOWN_PROBLEMS
            if hidden > 0:
                env.error(
                    f"alliances: {hidden:,} more problem{'s' * (hidden > 1)} not shown; "
                    "'alliances validate FILE' lists every one"
                )
            raise typer.Exit(exitcodes.INVALID_INPUT) from None
        except EventError as exc:
            env.error(str(exc) if exc.file else f"alliances: {exc}")
            raise typer.Exit(exitcodes.INVALID_INPUT) from None
        except OutputError as exc:
            env.error(f"alliances: {exc}")
            raise typer.Exit(exitcodes.INVALID_INPUT) from None
        except UnknownId as exc:
            raise typer.BadParameter(str(exc), param_hint=f"'--{exc.kind}'") from None
        except ImportError as exc:
            if env.debug:
                raise
            if "matplotlib" in str(exc) or "--executor dask" in str(exc):
                env.error(f"alliances: {exc}")
            else:  # a package the install should have brought
                missing = getattr(exc, "name", None) or str(exc)
                env.error(
                    f"alliances: the package '{missing}' is missing; reinstall alliances "
                    f"(pip install --force-reinstall alliances) or pip install {missing}"
                )
            raise typer.Exit(exitcodes.UNAVAILABLE) from None
        except MemoryError:
            if env.debug:
                raise
            env.error(
                "alliances: out of memory; free memory, analyse one theater (--theater), or "
                "use a smaller network"
            )
            raise typer.Exit(exitcodes.UNAVAILABLE) from None
        except KeyboardInterrupt:
            env.error("alliances: interrupted")
            raise typer.Exit(exitcodes.INTERRUPTED) from None
        except BrokenPipeError:
            _quiet_broken_pipe(env)
            raise typer.Exit(exitcodes.OK) from None
        except OSError as exc:
            if env.debug:
                raise
            target = f" '{exc.filename}'" if exc.filename else ""
            env.error(f"alliances: cannot write{target}: {exc.strerror or exc}")
            raise typer.Exit(exitcodes.INVALID_INPUT) from None
        except Exception as exc:
            # Typer's own exits and usage errors carry their codes and messages.
            if env.debug or type(exc).__module__.startswith(("typer", "click")):
                raise
            env.error(
                f"alliances: internal error ({type(exc).__name__}); "
                "rerun with --debug and report it"
            )
            raise typer.Exit(exitcodes.INTERNAL) from None
        finally:
            env.settled()

    return wrapper  # type: ignore[return-value]


def _quiet_broken_pipe(env: Environment) -> None:
    """The reader went away (`| head`): stop quietly, and keep Python from complaining."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, env.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
