"""``@record``: ``@dataclass(frozen=True)`` at a fraction of the start-up cost.

On Python 3.11 ``dataclasses`` writes each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` as source text and compiles it: six calls of
``compile`` per class, some 40 classes on every run, about a tenth of ``legalcheck assess``'s
start-up. Most of those methods are never called in a run. A record is the same frozen dataclass
(``dataclasses.fields``, ``replace``, ``asdict``, pickling and pydantic see no difference), but:

* ``__repr__``, ``__eq__``, ``__hash__`` (and with ``order=True`` the comparisons), ``__setattr__``
  and ``__delattr__`` are closures over the field names that do exactly what the generated methods
  do, with nothing to compile;
* ``__init__`` is generated (``_fast_init``: one compile, the signature, defaults, factories and
  ``__post_init__`` of the dataclass's own) the first time the class is instantiated (results are;
  classes only ever validated by pydantic or read from the cache never are). Until then
  ``inspect.signature`` and the class's docstring show the signature it will have.

tests/test_records.py holds every record class to the dataclass it stands for.
"""

from __future__ import annotations

import dataclasses
import inspect
import operator
import reprlib
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_COMPARISONS = {"__lt__": "__lt__", "__le__": "__le__", "__gt__": "__gt__", "__ge__": "__ge__"}


class _Factory:
    """How a signature shows a default made by a factory (as ``dataclasses`` shows it)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def record(cls: type[T] | None = None, /, *, order: bool = False, slots: bool = False) -> Any:
    """``@record`` is ``@dataclass(frozen=True)``; ``@record(order=True)`` is ``@dataclass(frozen=True, order=True)``;
    ``@record(slots=True)`` is ``@dataclass(frozen=True, slots=True)``: for results made by the tens
    of thousands and kept (a matrix's citations), an instance without a ``__dict__`` is a quarter of
    the size (a citation: ~120 bytes instead of ~520)."""
    if cls is None:
        return lambda c: _record(c, order, slots)
    return _record(cls, order, slots)


def _record(cls: type[T], order: bool, slots: bool = False) -> type[T]:
    own = cls.__dict__
    had_doc = bool(own.get("__doc__"))
    defined = {name for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__",
                                 *_COMPARISONS) if name in own}
    if defined or any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:]):
        # Not the plain case this module is for: let dataclasses do all of it.
        return dataclasses.dataclass(cls, frozen=True, order=order, slots=slots)
    # The fields, __match_args__ and the rest of the bookkeeping, with no method generated (and a
    # stand-in docstring, so it does not work one out from a signature __init__ does not have yet).
    if not had_doc:
        cls.__doc__ = "-"
    made = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots)
    if slots:  # a new class, with __slots__ (and its fields' defaults only in the fields)
        cls = made
        # pickled and copied as dataclasses' own frozen slotted classes are (past __setattr__), by
        # functions made for the class: its fields' slots set directly, in the fields' order
        cls.__getstate__, cls.__setstate__ = _slots_state(cls)  # type: ignore[attr-defined]
        _SLOTTED.add(cls)
    fields = dataclasses.fields(cls)
    initvar = getattr(dataclasses, "_FIELD_INITVAR", None)
    if any(f._field_type is initvar for f in cls.__dataclass_fields__.values()):  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__}: @record takes no InitVar (use @dataclass(frozen=True))")
    params = cls.__dataclass_params__
    params.init = params.repr = params.eq = params.frozen = True
    params.order = order
    names = tuple(f.name for f in fields)

    def add(name: str, fn: Callable) -> None:
        fn.__name__ = name
        fn.__qualname__ = f"{cls.__qualname__}.{name}"
        fn.__module__ = cls.__module__
        setattr(cls, name, fn)

    signature = _signature(fields)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _generate_init(cls)(self, *args, **kwargs)

    __init__.__signature__ = signature  # type: ignore[attr-defined]
    add("__init__", __init__)

    shown = tuple(f.name for f in fields if f.repr)

    def __repr__(self) -> str:
        return self.__class__.__qualname__ + "(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in shown) + ")"

    add("__repr__", reprlib.recursive_repr("...")(__repr__))

    compared = tuple(f.name for f in fields if f.compare)
    values = _getter(compared)

    def __eq__(self, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    add("__eq__", __eq__)
    if order:
        for name, op in _COMPARISONS.items():
            add(name, _comparison(op, values))

    def __setattr__(self, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[misc]

    def __delattr__(self, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[misc]

    add("__setattr__", __setattr__)
    add("__delattr__", __delattr__)

    hashed = _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))

    def __hash__(self) -> int:
        return hash(hashed(self))

    add("__hash__", __hash__)
    if not had_doc:
        cls.__doc__ = cls.__name__ + str(signature.replace(parameters=list(signature.parameters.values())[1:])).replace(" -> None", "")
    return cls


_SLOTTED: set[type] = set()  # the slotted records


def sets_slots(cls: type) -> bool:
    """Whether ``cls`` is a slotted record: ``cls.__setstate__(obj, values)`` sets every field of a
    bare ``object.__new__(cls)``, the values in the fields' order."""
    return cls in _SLOTTED


def _slots_state(cls: type) -> tuple[Callable[[Any], tuple], Callable[[Any, Any], None]]:
    """``__getstate__`` and ``__setstate__`` for a slotted record: its fields' values in order, and
    each set back through its slot (results travel between processes by the thousand: looking the
    fields up for each object took about half of pickling and unpickling them)."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    slots = tuple(cls.__dict__[name] for name in names)  # member descriptors: set past __setattr__
    values = _getter(names)

    def __getstate__(self: Any) -> tuple:
        return values(self)

    def __setstate__(self: Any, state: Any) -> None:
        for slot, value in zip(slots, state):
            slot.__set__(self, value)

    return __getstate__, __setstate__


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """obj -> the tuple of its ``names`` attributes (operator.attrgetter: the tuple is made in C, as
    hashing and comparing thousands of citations in a regional diff needs)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _comparison(op: str, values: Callable[[Any], tuple]) -> Callable:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return getattr(values(self), op)(values(other))
        return NotImplemented

    return compare


def _signature(fields: tuple[dataclasses.Field, ...]) -> inspect.Signature:
    """The signature dataclasses gives ``__init__``: self, then the fields in order (keyword-only ones last)."""
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    plain = [f for f in fields if f.init and not f.kw_only]
    keyword = [f for f in fields if f.init and f.kw_only is True]
    params = [inspect.Parameter("self", kind)]
    for f, k in [*((f, kind) for f in plain), *((f, inspect.Parameter.KEYWORD_ONLY) for f in keyword)]:
        default = (f.default if f.default is not dataclasses.MISSING
                   else _FACTORY if f.default_factory is not dataclasses.MISSING else inspect.Parameter.empty)
        params.append(inspect.Parameter(f.name, k, default=default, annotation=f.type))
    return inspect.Signature(params, return_annotation=None)


def _generate_init(cls: type) -> Callable:
    """The ``__init__`` dataclasses writes for ``cls``, put in place of the stand-in on first use."""
    init = cls.__dict__["__init__"]
    if getattr(init, "__signature__", None) is None:  # already generated (by another thread, say)
        return init
    init = _fast_init(cls)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return init


def _fast_init(cls: type) -> Callable:
    """The ``__init__`` of ``dataclass(frozen=True)`` for ``cls``: the same signature, defaults,
    factories and ``__post_init__``, but the fields are put in the instance's ``__dict__`` in one
    update, where the generated one calls ``object.__setattr__`` once per field (a frozen
    dataclass's only way past its own ``__setattr__``): a 26-field result is made in a quarter of
    the time, and a regional diff makes tens of thousands of them."""
    fields = dataclasses.fields(cls)
    missing, factory = dataclasses.MISSING, dataclasses._HAS_DEFAULT_FACTORY  # type: ignore[attr-defined]
    names = {f.name for f in fields}
    me = "__dataclass_self__" if "self" in names else "self"
    namespace: dict[str, Any] = {"__dataclass_HAS_FACTORY__": factory}
    plain: list[str] = []
    keyword: list[str] = []
    values: list[str] = []
    annotations: dict[str, Any] = {}
    slotted = "__slots__" in cls.__dict__
    for n, f in enumerate(fields):
        default = f"__dataclass_dflt_{n}__"
        if f.default_factory is not missing:
            namespace[default] = f.default_factory
            value = f"{default}() if {f.name} is __dataclass_HAS_FACTORY__ else {f.name}" if f.init else f"{default}()"
            param = f"{f.name}=__dataclass_HAS_FACTORY__"
        elif f.init:
            value = f.name
            param = f.name
            if f.default is not missing:
                namespace[default] = f.default
                param = f"{f.name}={default}"
        elif slotted and f.default is not missing:  # no class attribute to serve: set it
            namespace[default] = f.default
            value = default
        else:
            continue  # a field left out of __init__ without a factory: the class attribute serves
        if f.init:
            (keyword if f.kw_only is True else plain).append(param)
            annotations[f.name] = f.type
        values.append(f"{f.name!r}: {value}")
    params = [me, *plain, *(["*", *keyword] if keyword else [])]
    if slotted:  # each slot set by its descriptor (past the frozen __setattr__, as object.__setattr__ would)
        body = ""
        for n, item in enumerate(values):
            name, _, value = item.partition(": ")
            namespace[f"__dataclass_set_{n}__"] = cls.__dict__[name[1:-1]].__set__
            body += f"    __dataclass_set_{n}__({me}, {value})\n"
    else:
        body = f"    {me}.__dict__.update({{{', '.join(values)}}})\n"
    if hasattr(cls, "__post_init__"):
        body += f"    {me}.__post_init__()\n"
    exec(f"def __init__({', '.join(params)}):\n{body}", namespace)
    init = namespace["__init__"]
    annotations["return"] = None
    init.__annotations__ = annotations
    init.__module__ = cls.__module__
    return init
