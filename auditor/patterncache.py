"""Compiled regular expressions kept between runs, as Python keeps compiled bytecode in ``__pycache__``.

Every run of auditor compiles the same ~270 regular expressions (its vocabularies are long
alternations): about a sixth of a second of each run, more than reading a 60-page .docx. This module
keeps what the regular-expression engines build from a pattern — the opcode list, the flags, the
groups: what their C constructors take, never any text of a document or any finding — in a file in
the cache directory, and builds the patterns from it in the next run:

- ``re`` (the standard library): the engine keeps every pattern it compiles in its own cache for the
  life of the process (``re._cache``, keyed by type, pattern and flags). ``install()`` fills that cache
  from the file an earlier run wrote, so every ``re.compile(...)`` or ``re.sub("...", ...)`` finds its
  pattern already built; at exit the patterns compiled since are added to the file. Each is checked
  equal to the one the engine compiled before it is kept.
- ``regex`` (the third-party engine the unit vocabulary needs): ``compile_regex()`` in place of
  ``regex.compile``; it records the constructor's arguments as it compiles.
- other values every run builds the same way (the vocabularies' YAML data, the place-name table, the
  plugins' entry points): ``kept(name, key)`` / ``keep(name, key, value)``, one value per name under the
  key of what it was built from.

The files are named by the Python build and the engine's version, carry a checksum, and are written
whole (temporary file, then rename). Anything missing, unreadable, foreign or refused by the engine is
a miss and the pattern is compiled as usual: nothing here ever raises. The CLI installs it (a library
import does not); ``AUDITOR_NO_CACHE`` turns it off, as it turns off the result cache.
"""

from __future__ import annotations

import atexit
import marshal
import re
import sys
import threading
import zlib
from pathlib import Path

from .atomic import replacing
from .cachedir import default_directory, disabled_by_environment, prepare

try:  # Python 3.11+
    from re import _compiler as _re_compiler, _parser as _re_parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _re_compiler
    import sre_parse as _re_parser

try:
    import _sre
except ImportError:  # pragma: no cover - not CPython
    _sre = None

FORMAT = 1
MAX_ENTRIES = 2000  # per file; beyond it a run keeps only the patterns it used
_SKIPPED_FLAGS = re.DEBUG | re.LOCALE  # printed while compiling / bound to the locale of the moment

_lock = threading.Lock()
_directory: Path | None = None  # set by install()
_re_known: dict[tuple[str, int], tuple] = {}  # (pattern, flags) -> constructor arguments, as loaded
_regex_known: dict[tuple[str, int], tuple] | None = None
_regex_new: dict[tuple[str, int], tuple] = {}


def directory() -> Path:
    return default_directory() / "compiled"


def _re_tag() -> str:
    info = sys.version_info
    magic = getattr(_sre, "MAGIC", 0)
    return f"re-{sys.implementation.cache_tag}-{info.micro}{info.releaselevel}-{magic}"


def _regex_tag(version: str) -> str:
    return f"regex-{sys.implementation.cache_tag}-{version}"


# -- the files ---------------------------------------------------------------------------------------

def _load(path: Path, tag: str):
    """The value kept at ``path`` under ``tag``, or None for anything missing, unreadable or foreign."""
    try:
        with open(path, "rb") as fh:
            fmt, file_tag, checksum, payload = marshal.loads(fh.read())
        if fmt != FORMAT or file_tag != tag or checksum != zlib.crc32(payload):
            return None
        return marshal.loads(payload)
    except Exception:  # noqa: BLE001 - a cache that cannot be read is empty
        return None


def _store(path: Path, tag: str, value) -> None:
    """Keep ``value`` (what marshal can write) at ``path``, whole or not at all; never raises."""
    try:
        payload = marshal.dumps(value)
        if not prepare(path.parent):
            return
        with replacing(path) as fh:
            fh.write(marshal.dumps((FORMAT, tag, zlib.crc32(payload), payload)))
    except Exception:  # noqa: BLE001 - a cache that cannot be written is simply not kept
        pass


def _read(path: Path, tag: str) -> dict[tuple[str, int], tuple]:
    """{(pattern, flags): constructor arguments} from ``path``; {} for anything unreadable or foreign."""
    table = {}
    try:
        for pattern, flags, args in _load(path, tag) or ():
            if type(pattern) is str and type(flags) is int and type(args) is tuple:
                table[(pattern, flags)] = args
    except (TypeError, ValueError):
        return {}
    return table


def _write(path: Path, tag: str, table: dict[tuple[str, int], tuple]) -> None:
    _store(path, tag, [(p, f, a) for (p, f), a in sorted(table.items())])


def kept(name: str, key: str):
    """A value an earlier run kept under ``name`` for ``key`` (e.g. a data file's contents for its
    digest), or None; always None when the cache is not installed."""
    if _directory is None:
        return None
    return _load(_directory / f"{name}.marshal", key)


def keep(name: str, key: str, value) -> None:
    """Keep ``value`` under ``name`` for ``key`` (one key per name: the latest); only when installed."""
    if _directory is not None:
        _store(_directory / f"{name}.marshal", key, value)


def _merged(path: Path, tag: str, used: dict, new: dict) -> dict:
    """What the file will hold: what it holds now (another run may have added to it) and ``new``;
    only the patterns this run used when that grows past MAX_ENTRIES (old versions of the code)."""
    table = {**_read(path, tag), **used, **new}
    return table if len(table) <= MAX_ENTRIES else {**used, **new}


def _plain(value):
    """``value`` with every int subclass (flag enums, the engines' named opcodes) made a plain int, the
    same number: marshal refuses subclasses."""
    if isinstance(value, bool) or value is None or type(value) in (str, bytes, float):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, (list, tuple, frozenset)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    raise TypeError(type(value).__name__)


# -- re ----------------------------------------------------------------------------------------------

def _re_arguments(pattern: str, flags: int) -> tuple | None:
    """What ``_sre.compile`` takes after the pattern, computed as ``re`` computes it."""
    try:
        parsed = _re_parser.parse(pattern, flags)
        code = _re_compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return _plain((flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)))
    except Exception:  # noqa: BLE001 - an engine whose internals differ: not cached
        return None


def install() -> bool:
    """Fill ``re``'s cache from the file; at exit, add what this run compiled. True when installed."""
    global _directory
    cache = getattr(re, "_cache", None)
    limit = getattr(re, "_MAXCACHE", 0)
    if _directory is not None or _sre is None or not isinstance(cache, dict) or disabled_by_environment():
        return False
    _directory = directory()
    table = _read(_directory / f"{_re_tag()}.marshal", _re_tag())
    room = limit - len(cache) - 64  # leave the engine room for patterns not in the file
    for (pattern, flags), args in list(table.items())[:max(room, 0)]:
        try:
            cache[(str, pattern, flags)] = _sre.compile(pattern, *args)
        except Exception:  # noqa: BLE001 - refused by the engine: compiled as usual when asked for
            continue
        _re_known[(pattern, flags)] = args
    atexit.register(save)
    return True


def _re_new() -> dict[tuple[str, int], tuple]:
    """The patterns in ``re``'s cache that the file did not give, each checked to build equal."""
    new = {}
    for key, compiled in list(getattr(re, "_cache", {}).items()):
        if not (isinstance(key, tuple) and len(key) == 3 and key[0] is str and type(key[2]) is int):
            continue
        _, pattern, flags = key
        if (pattern, flags) in _re_known or flags & _SKIPPED_FLAGS:
            continue
        args = _re_arguments(pattern, flags)
        try:
            if args is not None and _sre.compile(pattern, *args) == compiled:
                new[(pattern, flags)] = args
        except Exception:  # noqa: BLE001
            continue
    return new


def save() -> None:
    """Add the patterns compiled in this process to the files (at exit; also callable directly)."""
    if _directory is None:
        return
    with _lock:
        new = _re_new()
        if new:
            path = _directory / f"{_re_tag()}.marshal"
            _write(path, _re_tag(), _merged(path, _re_tag(), _re_known, new))
            _re_known.update(new)
        if _regex_new and _regex_known is not None:
            import regex

            tag = _regex_tag(regex.__version__)
            path = _directory / f"{tag}.marshal"
            _write(path, tag, _merged(path, tag, _regex_known, _regex_new))
            _regex_known.update(_regex_new)
            _regex_new.clear()


# -- regex -------------------------------------------------------------------------------------------

def _compile_recording(pattern: str, flags: int):
    """``regex.compile(pattern, flags)`` and the arguments its C constructor got (None if unseen)."""
    import regex

    main = getattr(regex, "_main", None)
    real = getattr(main, "_regex", None)
    if real is None or not hasattr(main, "_compile"):
        return regex.compile(pattern, flags), None
    seen: list[tuple] = []

    class Recorder:
        def __getattr__(self, name):
            return getattr(real, name)

        def compile(self, *args):
            seen.append(args)
            return real.compile(*args)

    main._regex = Recorder()
    try:
        compiled = main._compile(pattern, flags, False, {}, False)
    finally:
        main._regex = real
    if len(seen) != 1 or seen[0][0] != pattern:
        return compiled, None
    try:
        return compiled, _plain(seen[0][1:])
    except TypeError:  # something marshal cannot keep: not cached
        return compiled, None


def compile_regex(pattern: str, flags: int = 0):
    """``regex.compile(pattern, flags)``, built from the file when an earlier run kept it."""
    global _regex_known
    import regex

    if _directory is None:
        return regex.compile(pattern, flags)
    with _lock:
        if _regex_known is None:
            tag = _regex_tag(regex.__version__)
            _regex_known = _read(_directory / f"{tag}.marshal", tag)
        args = _regex_known.get((pattern, flags))
        if args is not None:
            try:
                return regex._regex.compile(pattern, *args)
            except Exception:  # noqa: BLE001 - refused: compiled as usual below
                del _regex_known[(pattern, flags)]
        compiled, args = _compile_recording(pattern, flags)
        if args is not None:
            _regex_new[(pattern, flags)] = args
        return compiled


__all__ = ["install", "save", "compile_regex", "kept", "keep", "directory", "FORMAT", "MAX_ENTRIES"]
