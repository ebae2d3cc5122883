"""Immutable records: frozen dataclasses that are cheap to define.

Python 3.11's `dataclasses` compiles six methods per frozen class with `exec` when the module is
imported, about 0.35 ms a class; the scenario model's 16 classes made that a third of what
`alliances validate` costs above its import floor. `record` compiles only `__init__` (the one
method whose speed matters when loading 200,000 ties), and only when a class makes its first
record, and shares the rest as closures over `operator.attrgetter`, which is as fast as the
generated code.

Fields named in `metadata` (positions in the file) take no part in equality, hashing or repr,
so a model read back from its own YAML compares equal to the original.
"""

from __future__ import annotations

import operator
import sys
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from typing_extensions import dataclass_transform
elif sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # the decorator only informs type checkers

    def dataclass_transform(**_: object) -> Callable[[T], T]:
        return lambda decorated: decorated


T = TypeVar("T")

_NO_DEFAULT = object()


class FrozenError(AttributeError):
    """Raised on an attempt to change a record after it was made."""


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")


@dataclass_transform(frozen_default=True)
def record(*, order: bool = False, metadata: tuple[str, ...] = ()) -> Callable[[type[T]], type[T]]:
    """Make a class an immutable record of its annotated fields, like `@dataclass(frozen=True)`."""

    def wrap(cls: type[T]) -> type[T]:
        return _build(cls, order=order, metadata=metadata)

    return wrap


def _build(cls: type[T], *, order: bool, metadata: tuple[str, ...]) -> type[T]:
    names = tuple(cls.__annotations__)  # a class's own fields only, since Python 3.10
    defaults = {name: cls.__dict__.get(name, _NO_DEFAULT) for name in names}
    seen_default = False
    for name in names:
        if defaults[name] is _NO_DEFAULT and seen_default:
            raise TypeError(f"{cls.__name__}: field {name!r} without a default follows one with")
        seen_default = seen_default or defaults[name] is not _NO_DEFAULT
    compared = tuple(name for name in names if name not in metadata)
    key = attrgetter(*compared) if len(compared) != 1 else _single(compared[0])

    def __eq__(self: Any, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(key(self) == key(other))

    def __hash__(self: Any) -> int:
        return hash(key(self))

    def __repr__(self: Any) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in compared)
        return f"{type(self).__qualname__}({fields})"

    methods: dict[str, Any] = {
        "__init__": _lazy_init(cls, names, defaults),
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": __repr__,
        "__setattr__": _frozen_setattr,
        "__delattr__": _frozen_delattr,
        "__match_args__": names,
        "__record_fields__": names,
    }
    if order:
        methods |= _comparisons(key)
    for name, method in methods.items():
        if callable(method):
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls


def _single(name: str) -> Callable[[Any], tuple[Any]]:
    getter = attrgetter(name)
    return lambda obj: (getter(obj),)


def _lazy_init(cls: type, names: tuple[str, ...], defaults: dict[str, object]) -> Any:
    """An `__init__` that compiles the real one on first use and puts it in its place.

    Compiling costs about 0.13 ms a class; a command that never makes a record of some class
    (most make few of the event operations) need not pay for it at start-up.
    """

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _make_init(cls, names, defaults)
        real.__qualname__ = f"{cls.__qualname__}.__init__"
        type.__setattr__(cls, "__init__", real)
        real(self, *args, **kwargs)

    return __init__


def _make_init(cls: type, names: tuple[str, ...], defaults: dict[str, object]) -> Any:
    params = ", ".join(
        name if defaults[name] is _NO_DEFAULT else f"{name}=_default_{name}" for name in names
    )
    body = "".join(f"\n    _d[{name!r}] = {name}" for name in names) or "\n    pass"
    source = f"def __init__(self, {params}):\n    _d = self.__dict__{body}"
    namespace = {f"_default_{name}": value for name, value in defaults.items()}
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)
    return namespace["__init__"]


def _comparisons(key: Callable[[Any], Any]) -> dict[str, Any]:
    def compare(op: Callable[[Any, Any], Any]) -> Callable[[Any, object], Any]:
        def method(self: Any, other: object) -> Any:  # bool, or NotImplemented
            if type(other) is not type(self):
                return NotImplemented
            return bool(op(key(self), key(other)))

        return method

    return {
        "__lt__": compare(operator.lt),
        "__le__": compare(operator.le),
        "__gt__": compare(operator.gt),
        "__ge__": compare(operator.ge),
    }


def replace(obj: T, /, **changes: object) -> T:
    """A copy of record `obj` with some fields changed (like `dataclasses.replace`)."""
    names: tuple[str, ...] = type(obj).__record_fields__  # type: ignore[attr-defined]
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    values = {name: changes[name] if name in changes else getattr(obj, name) for name in names}
    return type(obj)(**values)
