"""``@record`` (legalcheck/records.py) against the ``@dataclass(frozen=True)`` each record class
stands for: the same fields, flags, docstring and signature, and instances that print, compare,
hash, refuse changes, pickle and ``replace`` exactly alike."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import pytest

import legalcheck.coverage
import legalcheck.data
import legalcheck.diff
import legalcheck.errors
import legalcheck.logic
import legalcheck.matrix
import legalcheck.model
import legalcheck.regions
import legalcheck.render
import legalcheck.repository
import legalcheck.result
from legalcheck.records import record

MODULES = (legalcheck.model, legalcheck.result, legalcheck.errors, legalcheck.repository, legalcheck.data,
           legalcheck.logic, legalcheck.regions, legalcheck.matrix, legalcheck.diff, legalcheck.coverage,
           legalcheck.render)
RECORDS = sorted({obj for mod in MODULES for obj in vars(mod).values()
                  if isinstance(obj, type) and obj.__module__ == mod.__name__ and dataclasses.is_dataclass(obj)},
                 key=lambda c: (c.__module__, c.__qualname__))


def reference(cls: type) -> type:
    """``cls`` made again from its own body with ``@dataclass(frozen=True, order=..., slots=...)``."""
    namespace = {k: v for k, v in vars(cls).items()
                 if k not in ("__dict__", "__weakref__", "__dataclass_fields__", "__dataclass_params__", "__match_args__",
                              "__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__",
                              "__lt__", "__le__", "__gt__", "__ge__", "__slots__", "__getstate__", "__setstate__")}
    namespace["__doc__"] = cls.__dict__["__doc__"] if not cls.__doc__.startswith(cls.__name__ + "(") else None
    for f in dataclasses.fields(cls):
        namespace[f.name] = dataclasses.field(default=f.default, default_factory=f.default_factory, init=f.init,
                                              repr=f.repr, hash=f.hash, compare=f.compare, metadata=f.metadata)
    twin = type(cls.__name__, (), namespace)
    twin.__qualname__ = cls.__qualname__
    return dataclasses.dataclass(twin, frozen=True, order=cls.__dataclass_params__.order, slots="__slots__" in vars(cls))


def sample(cls: type, salt: str = "") -> dict:
    return {f.name: f"{f.name}{salt}" for f in dataclasses.fields(cls) if f.init}


def describe_fields(cls: type) -> list:
    return [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.hash, f.compare, f.kw_only)
            for f in dataclasses.fields(cls)]


def test_the_record_classes_are_found():
    names = {c.__name__ for c in RECORDS}
    assert {"Profile", "Indicator", "IndicatorResult", "Assessment", "Problem", "Validation"} <= names


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__qualname__)
def test_a_record_class_is_the_dataclass_it_stands_for(cls):
    ref = reference(cls)
    assert describe_fields(cls) == describe_fields(ref)
    assert repr(cls.__dataclass_params__) == repr(ref.__dataclass_params__)
    assert cls.__match_args__ == ref.__match_args__
    assert cls.__doc__ == ref.__doc__
    assert str(inspect.signature(cls)) == str(inspect.signature(ref))
    assert {f.name for f in dataclasses.fields(cls)} == {f.name for f in dataclasses.fields(ref)}

    mine, theirs = cls(**sample(cls)), ref(**sample(ref))
    assert str(inspect.signature(cls)) == str(inspect.signature(ref))  # after __init__ is generated too
    assert repr(mine) == repr(theirs)
    assert dataclasses.asdict(mine) == dataclasses.asdict(theirs)
    assert mine == cls(**sample(cls)) and not mine != cls(**sample(cls))
    assert hash(mine) == hash(theirs) == hash(cls(**sample(cls)))
    assert (mine == theirs) is False  # another class: NotImplemented both ways, as a dataclass
    other = sample(cls, "-other")
    assert (mine == cls(**other)) == (theirs == ref(**other))
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        assert getattr(cls, name).__qualname__ == getattr(ref, name).__qualname__

    for f in dataclasses.fields(cls):
        with pytest.raises(dataclasses.FrozenInstanceError) as a:
            setattr(mine, f.name, 1)
        with pytest.raises(dataclasses.FrozenInstanceError) as b:
            setattr(theirs, f.name, 1)
        assert str(a.value) == str(b.value)
        with pytest.raises(dataclasses.FrozenInstanceError) as a:
            delattr(mine, f.name)
        with pytest.raises(dataclasses.FrozenInstanceError) as b:
            delattr(theirs, f.name)
        assert str(a.value) == str(b.value)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'not_a_field'"):
        mine.not_a_field = 1

    assert pickle.loads(pickle.dumps(mine)) == mine
    assert copy.deepcopy(mine) == mine
    first = dataclasses.fields(cls)[0].name
    assert getattr(dataclasses.replace(mine, **{first: "changed"}), first) == "changed"


def test_arguments_are_checked_as_a_dataclass_checks_them():
    from legalcheck.model import Rubric

    ref = reference(Rubric)
    for args, kwargs in [((), {}), (("a", "b", "c", "d"), {}), (("a",), {"yes": "b", "partial": "c", "no": "d"}),
                         ((), {"yes": "a", "partial": "b", "no": "c", "maybe": "d"})]:
        with pytest.raises(TypeError) as a:
            Rubric(*args, **kwargs)
        with pytest.raises(TypeError) as b:
            ref(*args, **kwargs)
        assert str(a.value).replace(".__init__", "") == str(b.value).replace(".__init__", "")


def test_defaults_factories_and_post_init_as_a_dataclass():
    from legalcheck.errors import Problem
    from legalcheck.model import IndicatorEntry

    a, b = IndicatorEntry(), IndicatorEntry()
    assert a.facts == {} and a.facts is not b.facts
    assert Problem("f\x1b[31m", 1, 2).file == "f\\x1b[31m"  # __post_init__ ran
    assert Problem("a", 2) < Problem("a", 10) < Problem("b", 1)
    assert sorted([Problem("b"), Problem("a", 3), Problem("a", 1)]) == [Problem("a", 1), Problem("a", 3), Problem("b")]
    assert Problem("a").__lt__(1) is NotImplemented


def test_a_record_with_its_own_methods_is_left_to_dataclasses():
    @record
    class Own:
        x: int

        def __repr__(self) -> str:
            return "own"

    assert repr(Own(1)) == "own" and Own(1) == Own(1) and hash(Own(1)) == hash(Own(1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        Own(1).x = 2


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__qualname__)
def test_the_generated_init_is_the_dataclass_init(cls):
    from legalcheck import records

    ref = reference(cls)
    fast = records._fast_init(cls)
    assert str(inspect.signature(fast)) == str(inspect.signature(ref.__init__))
    obj = object.__new__(cls)
    fast(obj, **sample(cls))
    assert obj == cls(**sample(cls)) and repr(obj) == repr(ref(**sample(ref)))


def test_a_slotted_record_keeps_no_dict():
    """The results a matrix or regional diff keeps by the tens of thousands hold their fields in
    slots (a citation: ~120 bytes, where a ``__dict__`` made it ~520)."""
    from legalcheck.result import CitationOut, FactOut, IndicatorResult

    for cls in (CitationOut, FactOut, IndicatorResult):
        obj = cls(**sample(cls))
        assert not hasattr(obj, "__dict__") and "__slots__" in vars(cls)
    c = CitationOut("s", "Title", quote="q")
    assert (c.instrument, c.quote) == (None, "q")  # defaults set in the slots too
