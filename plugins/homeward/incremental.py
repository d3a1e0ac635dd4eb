"""Incremental builds: render again only the files whose recorded inputs changed.

A page is a function of the templates and code, the page's route (its URL, title,
context, language switcher …), and whatever the rendering reads from the loaded `Site`.
So every build records, per output file:

- the *shape*: a digest of its `Route` (context and `produce` closure included), where
  every loaded item, entry and model object stands for the digest of its own content;
- the *reads*: the names of every `Site` attribute read while it was rendered — by the
  template or by Python code it called (`Site.__getattribute__` is watched during the
  write phase, in every worker), e.g. `companies`, `jobs_by_company`, `items`, `now`;

and for the whole build a *global key* (code, theme, settings, catalogs, the Jinja globals
and filters with the data they hold, per-language furniture such as menus and footers).

The next build, with the same global key and the same previous output, hard-links a file
from the previous output without rendering it when its shape is the same and none of the
Site attributes it read has a different digest. Everything else is rendered and recorded
again, so the output is the bytes a cold build makes. Whatever cannot be digested (an
object pickle refuses) counts as changed: the fallback is rendering, never skipping.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import partial
from types import FunctionType, MethodType
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from .site import Entry, Site

VERSION = "inc-2"  # inc-2: reads as indices into the recorded sets

# The reads of the file being rendered in this process; None outside rendering.
_READS: dict[str, set[str] | None] = {"current": None}


def _watched_getattribute(self: Site, name: str) -> Any:
    reads = _READS["current"]
    if reads is not None and name[:2] != "__":
        reads.add(name)
    return object.__getattribute__(self, name)


class Recording:
    """`with Recording(): …` watches Site attribute reads; `start()` begins one file's set."""

    def __enter__(self) -> Recording:
        Site.__getattribute__ = _watched_getattribute  # type: ignore[method-assign]
        return self

    def __exit__(self, *_: Any) -> None:
        del Site.__getattribute__
        _READS["current"] = None

    @staticmethod
    def start() -> set[str]:
        reads: set[str] = set()
        _READS["current"] = reads
        return reads

    @staticmethod
    def stop() -> None:
        _READS["current"] = None

    @staticmethod
    @contextmanager
    def apart() -> Iterator[set[str]]:
        """The reads of one part of the file being rendered (a shared fragment), gathered apart
        and also counted for the file; an empty set outside rendering."""
        outer = _READS["current"]
        part: set[str] = set()
        if outer is None:
            yield part
            return
        _READS["current"] = part
        try:
            yield part
        finally:
            outer |= part
            _READS["current"] = outer

    @staticmethod
    def add(names: Iterable[str]) -> None:
        """Count reads made earlier (a reused fragment's) for the file being rendered."""
        reads = _READS["current"]
        if reads is not None:
            reads.update(names)


def _rebuild(*_: Any) -> None:  # never called: digests are never unpickled
    raise NotImplementedError


# Values pickled as they are (no memo): cheaper to write out than to look up.
_PLAIN = frozenset({str, bytes, int, float, bool, type(None), tuple, list, dict, set, frozenset, date, datetime, time, timedelta})


# Values pickled in place although their type is not plain: subclasses of plain containers and
# strings (Markup, Localized, named tuples) and time zones. There are tens of thousands of
# them (a Localized per label, a time zone per date) and each is read once, so a digest of
# its own (a pickler, a hash, a memo entry) costs more than writing it out. Sets are not
# here: a set subclass keeps the digest path, where its members are sorted.
_INLINE = (str, bytes, int, float, tuple, list, dict, tzinfo)


# Objects code makes for the one object that holds them, never shared: a bound method, a
# partial (an event page's .ics producer, a session's time). Written in place: a digest of
# their own costs a pickler and a hash each (~2 µs, 2700 at 1000×3), and holds nothing more.
_MADE_FOR_ONE = frozenset({partial, MethodType})


_STATE_IS_DICT: dict[type, bool] = {}
_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class defined in Python, not a built-in


def _state_is_dict(cls: type) -> bool:
    """True when pickle saves an instance of `cls` as its class and its `__dict__`: Python
    classes down to `object`, with no `__reduce__`, `__getstate__`, new-args or slots of their own."""
    known = _STATE_IS_DICT.get(cls)
    if known is None:
        known = _STATE_IS_DICT[cls] = (
            cls.__mro__[-1] is object
            and all(klass.__flags__ & _HEAP_TYPE and "__slots__" not in vars(klass) for klass in cls.__mro__[:-1])
            and cls.__reduce_ex__ is object.__reduce_ex__
            and cls.__reduce__ is object.__reduce__
            and cls.__getstate__ is object.__getstate__  # type: ignore[attr-defined]
            and not hasattr(cls, "__getnewargs_ex__")
            and not hasattr(cls, "__getnewargs__")
        )
    return known


def _importable(function: FunctionType) -> bool:
    """True when pickle can name the function (a module-level def that is not wrapped)."""
    found: Any = sys.modules.get(function.__module__)
    for part in function.__qualname__.split("."):
        found = getattr(found, part, None)
    return found is function


class _Pickler(pickle.Pickler):
    """Pickles for hashing: every object other than plain values stands for its own content
    digest (made once per build), sets are sorted, closures are their code position plus
    what they hold. Plain values never reach `reducer_override` (pickle's C fast path)."""

    def __init__(self, sink: io.BytesIO, digester: Digester, top: Any):
        super().__init__(sink, protocol=5)
        self.digester = digester
        self.memo_of_digests = digester.memo
        self.top = top

    def reducer_override(self, obj: Any) -> Any:
        # Most objects met here were digested already (the entries and items every route
        # holds): their digest first, without the checks below.
        known = self.memo_of_digests.get(id(obj))
        if known is not None and known[0] is obj and known[1] is not None and obj is not self.top and type(obj) not in _PLAIN:
            return _rebuild, ("@", known[1])
        if isinstance(obj, type):
            return NotImplemented  # a class: pickled by name
        if obj is not self.top and type(obj) not in _PLAIN:
            if isinstance(obj, _INLINE):
                return NotImplemented
            if isinstance(obj, Site):
                return _rebuild, ("site",)  # what is read from it is recorded attribute by attribute
            if isinstance(obj, FunctionType) and _importable(obj):
                return NotImplemented
            digest = self.digester.of(obj)
            if digest is None:
                raise pickle.PicklingError("undigestable")
            return _rebuild, ("@", digest)
        if isinstance(obj, BaseModel):
            state = (type(obj).__module__, type(obj).__qualname__, obj.__dict__, getattr(obj, "__pydantic_extra__", None))
            return _rebuild, state
        if isinstance(obj, (set, frozenset)):
            return _rebuild, (type(obj).__name__, sorted(obj, key=repr))
        if isinstance(obj, FunctionType) and not _importable(obj):
            return _rebuild, _closure(obj)
        if isinstance(obj, MethodType):
            return _rebuild, (obj.__func__, obj.__self__)
        if _state_is_dict(type(obj)):
            # What pickle would write (its class, then its __dict__), without pickle naming
            # copyreg's constructor and the class through this method, object by object.
            return _rebuild, (type(obj).__module__, type(obj).__qualname__, obj.__dict__)
        return NotImplemented


def _closure(function: FunctionType) -> tuple[Any, ...]:
    """A function pickle cannot name (a lambda, a nested def): its code position and what it holds."""
    code = function.__code__
    cells = []
    for cell in function.__closure__ or ():
        try:
            cells.append(cell.cell_contents)
        except ValueError:
            cells.append(None)
    where = (function.__module__, function.__qualname__, code.co_filename, code.co_firstlineno, code.co_code)
    return where, function.__defaults__, function.__kwdefaults__, tuple(cells)


# Exact types pickle writes without asking `reducer_override` or a dispatch table.
_WRITTEN_AS_THEY_ARE = frozenset({str, bytes, int, float, bool, type(None), tuple, list, dict})


def _content(obj: Any) -> Any:
    """What stands for `obj` at the top of its own digest, in plain values and the objects it
    holds (each of which stands for its own digest): its class and state, a set's sorted
    members, a closure's code position and cells. How is decided once per class."""
    cls = type(obj)
    way = _CONTENT_WAYS.get(cls)
    if way is None:
        way = _CONTENT_WAYS[cls] = _content_way(cls)
    return way(obj)


def _content_way(cls: type) -> Any:
    if cls in _WRITTEN_AS_THEY_ARE or issubclass(cls, type):
        return _as_it_is
    if issubclass(cls, FunctionType):
        return _function_content
    if issubclass(cls, BaseModel):
        return _model_content
    if issubclass(cls, (set, frozenset)):
        return _set_content
    if issubclass(cls, MethodType):
        return _method_content
    if cls in _OWNS:
        return _owner_content
    if _state_is_dict(cls):
        return _object_content
    return _reduced_content


def _as_it_is(obj: Any) -> Any:
    return obj


def _function_content(function: FunctionType) -> Any:
    return function if _importable(function) else ("closure", *_closure(function))


def _model_content(model: BaseModel) -> Any:
    cls = type(model)
    return ("model", cls.__module__, cls.__qualname__, model.__dict__, getattr(model, "__pydantic_extra__", None))


def _set_content(members: set[Any] | frozenset[Any]) -> Any:
    return ("set", type(members).__name__, sorted(members, key=repr))


def _method_content(method: MethodType) -> Any:
    return ("method", method.__func__, method.__self__)


def _object_content(obj: Any) -> Any:
    cls = type(obj)
    return ("object", cls.__module__, cls.__qualname__, obj.__dict__)


def _reduced_content(obj: Any) -> Any:
    reduced = obj.__reduce_ex__(5)
    if isinstance(reduced, str):  # a built-in function: its name, with the module it is from
        return ("global", getattr(obj, "__module__", None), getattr(obj, "__qualname__", reduced))
    if isinstance(reduced, tuple) and len(reduced) > 3:  # the items of a dict or list subclass come as iterators
        reduced = reduced[:3] + tuple(None if part is None else list(part) for part in reduced[3:])
    return ("reduce", reduced)


# Objects whose state is their __dict__ and who own some of what they hold: an entry its front
# matter (a validated model no other entry holds). An owned model is written in place in its
# owner's digest, with the models among its own fields (an article's image), instead of each
# being a digest of its own (a pickler, a hash: ~2 µs each, for 3300 entries). It then stands
# for a digest made from its owner's (`_owned_digest`): that covers all its content, and any
# change to it changes the owner's digest and so its own.
_OWNS: dict[type, tuple[str, ...]] = {Entry: ("meta",)}


def _owner_content(obj: Any) -> Any:
    cls = type(obj)
    state = dict(obj.__dict__)
    for name in _OWNS[cls]:
        held = state.get(name)
        if isinstance(held, BaseModel):
            state[name] = _model_in_place(held)
    as_latin_1 = []
    for name, value in state.items():
        if type(value) is str and len(value) > _LONG_TEXT and not value.isascii():
            try:
                state[name] = value.encode("latin-1")
            except UnicodeEncodeError:  # other letters: pickle's UTF-8
                continue
            as_latin_1.append(name)
    return ("object", cls.__module__, cls.__qualname__, state, tuple(as_latin_1))


# A long text that is not ASCII (a body with Norwegian or Swedish letters) is written as Latin-1
# bytes where it can be: a copy of the string's own storage, where pickle would first encode it
# to UTF-8 (~15 ms for the 3300 bodies at 1000×3, a sixth of the plan). The names of the fields
# written so come with them, so a text and bytes in a field never look alike.
_LONG_TEXT = 256


def _model_in_place(model: BaseModel) -> Any:
    """A model's content with the models among its fields in place (theirs by digest)."""
    cls = type(model)
    fields = model.__dict__
    nested = [name for name, value in fields.items() if type(value) not in _PLAIN and isinstance(value, BaseModel)]
    if nested:
        fields = dict(fields)
        for name in nested:
            fields[name] = _model_content(fields[name])
    return ("model", cls.__module__, cls.__qualname__, fields, getattr(model, "__pydantic_extra__", None))


def _owned_digest(owner_digest: str, name: str) -> str:
    return hashlib.sha1(f"{owner_digest} owns {name}".encode()).hexdigest()


_CONTENT_WAYS: dict[type, Any] = {}


def _in_place(obj: Any) -> Any:
    return obj.__reduce_ex__(5)


# Time zones whose repr says all there is to them: a fixed offset (with its name if it has
# one), a zone by its key (what its pickle holds too).
_ZONES_SHOWN_BY_REPR = frozenset({type(None), timezone, ZoneInfo})


def _datetime_in_place(moment: datetime) -> Any:
    """A datetime as its repr (every field, `fold`, its time zone's repr): one call, where
    pickle's way takes three (the datetime, its time zone, the zone's offset: ~3.5 µs)."""
    zone = moment.tzinfo
    if type(zone) in _ZONES_SHOWN_BY_REPR and getattr(zone, "key", True) is not None:
        return _rebuild, ("datetime", repr(moment))
    return moment.__reduce_ex__(5)


def _state_in_place(obj: Any) -> Any:
    return _rebuild, ("object", type(obj).__module__, type(obj).__qualname__, obj.__dict__)


def _the_site(_obj: Any) -> Any:
    return _rebuild, ("site",)  # what is read from it is recorded attribute by attribute


class _Reductions(dict):
    """The dispatch table of a digest's pickler: by type, how an object held by the one being
    digested is written — its digest (loaded objects, made once per build), or in place
    (values like dates, time zones, Markup, Localized). Pickle looks types up here in C and
    names classes and functions itself, so only one small call per held object is Python."""

    def __init__(self, digester: Digester):
        super().__init__()
        self.digester = digester

    def __missing__(self, cls: type) -> Any:
        if issubclass(cls, type):
            raise KeyError(cls)  # a class whose metaclass is not `type` (a pydantic model): pickled by name
        if issubclass(cls, Site):
            reduce: Any = _the_site
        elif issubclass(cls, (set, frozenset)):
            reduce = self.digest_of
        elif cls is datetime:
            reduce = _datetime_in_place
        elif cls in _MADE_FOR_ONE:
            # Their own C `__reduce__` (what `__reduce_ex__(5)` returns for them), called by pickle
            # with no Python frame: a page's JSON-LD producer is one per route (routes.py).
            reduce = cls.__reduce__
        elif cls in _PLAIN or issubclass(cls, _INLINE):
            reduce = _in_place
        elif getattr(cls, "digest_in_place", False) and _state_is_dict(cls):
            reduce = _state_in_place  # small view objects a class says are never shared
        else:
            reduce = self.digest_of
        self[cls] = reduce
        return reduce

    def digest_of(self, obj: Any) -> Any:
        known = self.digester.memo.get(id(obj))  # most were digested already: no call
        digest = known[1] if known is not None and known[0] is obj else self.digester.of(obj)
        if digest is None:
            raise pickle.PicklingError("undigestable")
        return _rebuild, ("@", digest)


class _Sink:
    """Where a kept pickler writes: the chunks of one pickle (one, unless it spans frames)."""

    __slots__ = ("write",)

    def __init__(self, write: Any):
        self.write = write


class _Writer:
    """A pickler through the dispatch table, kept for every digest made at one depth of nesting
    (a digest may need the digests of objects it holds first, each made by the writer one level
    down). Making a pickler, its memo and a buffer per digest cost more than most digests'
    content (~0.6 µs of ~1.6 µs for a small object)."""

    # A pickler allocates, at the start of every pickle, a buffer the size of the largest it has
    # written: after a large one (the site map's rows) it is replaced.
    LARGE = 16384

    def __init__(self, table: _Reductions):
        self.table = table
        self.chunks: list[bytes] = []
        self.pickler = self._new_pickler()

    def _new_pickler(self) -> pickle.Pickler:
        pickler = pickle.Pickler(_Sink(self.chunks.append), protocol=5)
        pickler.dispatch_table = self.table
        return pickler

    def digest(self, value: Any) -> str:
        """Hex digest of `value`'s pickle; raises what pickle raises, the writer ready again."""
        chunks = self.chunks
        size = self.LARGE
        try:
            self.pickler.dump(value)
            written = chunks[0] if len(chunks) == 1 else b"".join(chunks)
            size = len(written)
            return hashlib.sha1(written).hexdigest()
        finally:
            chunks.clear()  # a failed pickle may have written some frames
            if size >= self.LARGE:
                self.pickler = self._new_pickler()
            else:
                self.pickler.clear_memo()  # each digest on its own: no reference to another's objects


class Digester:
    """Content digests of objects, each loaded object digested once per build."""

    def __init__(self) -> None:
        self.memo: dict[int, tuple[Any, str | None]] = {}
        self.active: set[int] = set()
        self.reductions = _Reductions(self)
        self.writers: list[_Writer] = []
        self.depth = 0  # how many digests through the dispatch table are being made

    def of(self, obj: Any) -> str | None:
        """Hex digest, or None when some part of `obj` cannot be pickled."""
        key = id(obj)
        known = self.memo.get(key)
        if known is not None and known[0] is obj:
            return known[1]
        if key in self.active:
            return "cycle"  # an object that holds (through closures) what holds it
        self.active.add(key)
        try:
            digest = self._fast(obj)
            if digest is None:
                digest = self._thorough(obj)
        finally:
            self.active.discard(key)
        self.memo[key] = (obj, digest)  # keeps obj alive, so its id is not reused
        owned = _OWNS.get(type(obj))
        if owned is not None and digest is not None:
            for name in owned:
                held = obj.__dict__.get(name)
                if held is not None and id(held) not in self.memo:  # one digested before keeps its own
                    self.memo[id(held)] = (held, _owned_digest(digest, name))
        return digest

    def _fast(self, obj: Any) -> str | None:
        """Through the dispatch table: None when something held cannot be written that way
        (a closure pickle cannot name: `_thorough` knows how)."""
        depth = self.depth
        if depth == len(self.writers):
            self.writers.append(_Writer(self.reductions))
        self.depth = depth + 1
        try:
            return self.writers[depth].digest(("fast", _content(obj)))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
            return None
        finally:
            self.depth = depth

    def _thorough(self, obj: Any) -> str | None:
        sink = io.BytesIO()
        try:
            _Pickler(sink, self, obj).dump(obj)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
            return None
        return hashlib.sha1(sink.getbuffer()).hexdigest()


# Code, not data: what a method reads from the Site is recorded attribute by attribute.
_METHODS = frozenset(name for name, value in vars(Site).items() if callable(value))


def site_attributes(site: Site) -> list[str]:
    """The Site attributes whose digests are compared: fields, properties, cached values."""
    names = [f.name for f in dataclasses.fields(site)]
    names += [n for n in vars(type(site)) if isinstance(getattr(type(site), n), property)]
    names += [n for n in vars(site) if not n.startswith("_")]
    return sorted(set(names))


def attribute_digests(site: Site, digester: Digester) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in site_attributes(site):
        if name == "settings":
            out[name] = "in the global key"  # compared there, without the output folders' names
            continue
        try:
            value = getattr(site, name)
        except Exception:  # noqa: BLE001 - a property that cannot be read now cannot be compared
            out[name] = None
            continue
        out[name] = digester.of(value)
    return out


@dataclasses.dataclass
class Plan:
    """What the previous build recorded, and what this build has found changed."""

    digester: Digester
    previous: dict[str, list[Any]]  # output path → [shape, index of its reads in `read_sets`]
    changed: set[str]  # Site attributes whose digest differs from the previous build's
    attributes: dict[str, str | None]
    # The sets of Site attributes files read (~20 sets for 9050 files at 1000×3), and for each
    # whether it touches nothing that changed.
    read_sets: list[list[str]] = dataclasses.field(default_factory=list)
    unchanged: list[bool] = dataclasses.field(default_factory=list)

    def reusable(self, route: Any, out_digest: str | None, rel: str | None = None) -> tuple[str | None, list[str] | None]:
        """(shape, reads) of `route` (written to `rel`); reads is None when the file must be rendered."""
        shape = self.digester.of(route)
        known = self.previous.get(route.output_path if rel is None else rel)
        if shape is None or known is None or out_digest is None:
            return shape, None
        try:
            if known[0] != shape:
                return shape, None
            index = known[1]
            return (shape, self.read_sets[index]) if self.unchanged[index] else (shape, None)
        except (IndexError, KeyError, TypeError):  # a manifest this version did not write: render
            return shape, None


def global_key(parts: Iterable[Any], digester: Digester) -> str | None:
    digests = [digester.of(part) for part in parts]
    if any(d is None for d in digests):
        return None
    return hashlib.sha1("\n".join(d for d in digests if d).encode()).hexdigest()


def make_plan(site: Site, key: str | None, recorded: dict[str, Any], digester: Digester) -> Plan:
    """Compare this build's Site with what the previous build recorded (`recorded` comes
    from the manifest of the previous output; empty for a first or a changed-code build)."""
    attributes = attribute_digests(site, digester)
    if key is None or recorded.get("version") != VERSION or recorded.get("key") != key:
        return Plan(digester, {}, set(), attributes)
    before = recorded.get("attributes", {})
    changed = {n for n in set(before) | set(attributes) if before.get(n) is None or before.get(n) != attributes.get(n)}
    read_sets = recorded.get("reads", [])
    # A name with no digest (set on the Site after loading) cannot be compared: changed.
    unchanged = [not any(name in changed or (name not in attributes and name not in _METHODS) for name in names) for names in read_sets]
    return Plan(digester, recorded.get("routes", {}), changed, attributes, read_sets, unchanged)


def record(plan: Plan, key: str | None, routes: dict[str, tuple[str | None, list[str] | None, bool]]) -> dict[str, Any]:
    """What the next build compares with (stored in the output's manifest): per file its shape
    and the index of the set of Site attributes it read, each set written once."""
    read_sets: list[list[str]] = []
    index_of: dict[tuple[str, ...], int] = {}
    index_of_list: dict[int, int] = {}  # kept files share their set's list; all alive in `routes`
    recorded: dict[str, list[Any]] = {}
    for path, (shape, reads, _new) in routes.items():
        if shape and reads is not None:
            index = index_of_list.get(id(reads))
            if index is None:
                names = tuple(reads)
                index = index_of.get(names)
                if index is None:
                    index = index_of[names] = len(read_sets)
                    read_sets.append(list(reads))
                index_of_list[id(reads)] = index
            recorded[path] = [shape, index]
    return {"version": VERSION, "key": key, "attributes": plan.attributes, "routes": recorded, "reads": read_sets}
