"""One declaration of a manifest table, or of a settings file: a frozen dataclass whose fields carry their docs.

Like gunicorn's settings, each key is declared once, as a dataclass field with
its type, default and a ``spec`` (what it is for, its TOML name when that
differs, the allowed choices, the type of list items or table values). From
that one declaration come the checks (unknown keys, wrong types, list and
table items included: ``templates = [5]`` is a one-line error), the defaults
and the generated reference page of every manifest key (``make tables``). The
benchmarks' settings files (settings.toml, attacks.toml, faults.toml) are declared
and checked the same way, with the same one-line errors (benchmarks/shared/run_profile.py).
"""

import dataclasses
import typing

from stacks.runner.errors import StackError

SCALAR = "scalar"  # a string, number or boolean (environment values)
PORT = "port"  # a port number or "auto"
ANY = "any"  # any TOML value
TYPE_WORDS = {
    str: "a string",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    tuple: "a list",
    dict: "a table",
    SCALAR: "a string, number or boolean",
    PORT: 'a port number or "auto"',
    ANY: "any value",
}
PLURAL_WORDS = {str: "strings", SCALAR: "strings, numbers or booleans", PORT: 'port numbers or "auto"'}


def spec(
    doc: str, *, toml: str = "", items=None, values=None, choices=(), required: bool = False, derived: bool = False
) -> dict:
    """Field metadata: the key's docs and how to check it.

    ``items``: the type of a list's items (a dataclass for an array of tables);
    ``values``: the type of a table's values; ``derived``: not a TOML key (set by the loader).
    """
    return {
        "doc": doc,
        "toml": toml,
        "items": items,
        "values": values,
        "choices": tuple(choices),
        "required": required,
        "derived": derived,
    }


def keys(cls) -> dict:
    """{TOML key: (field, its type)} of a declared table."""
    hints = typing.get_type_hints(cls)
    return {
        f.metadata.get("toml") or f.name: (f, _base(hints[f.name]))
        for f in dataclasses.fields(cls)
        if f.metadata and not f.metadata["derived"]
    }


def _base(hint):
    if hint is object:  # a field annotated ``object`` holds one scalar: a string, number or boolean
        return SCALAR
    origin = typing.get_origin(hint)
    return origin if origin is not None else hint


def _words(kind) -> str:
    if dataclasses.is_dataclass(kind):
        return "a table"
    return TYPE_WORDS[kind]


def _fits(value, kind) -> bool:
    if kind == ANY:
        return True
    if kind == SCALAR:
        return isinstance(value, (str, int, float))
    if kind == PORT:
        return value == "auto" or (isinstance(value, int) and not isinstance(value, bool))
    if dataclasses.is_dataclass(kind) or kind is dict:
        return isinstance(value, dict)
    if isinstance(value, bool) != (kind is bool):
        return False
    if kind is float:
        return isinstance(value, (int, float))
    if kind is tuple:
        return isinstance(value, list)
    return isinstance(value, kind)


def _value(where: str, key: str, value, kind, meta: dict):
    if not _fits(value, kind):
        raise StackError(f"{where}: {key} = {value!r} should be {_words(kind)}")
    if kind is tuple:
        item = meta["items"]
        if dataclasses.is_dataclass(item):
            return tuple(load(item, raw, f"{where} [[{key}]] #{i + 1}") for i, raw in enumerate(value))
        for i, raw in enumerate(value):
            if not _fits(raw, item):
                raise StackError(f"{where}: {key}[{i}] = {raw!r} should be {_words(item)}")
            if meta["choices"] and raw not in meta["choices"]:
                raise StackError(f"{where}: {key}[{i}] {raw!r} is not one of {', '.join(sorted(meta['choices']))}")
        return tuple(value)
    if dataclasses.is_dataclass(kind):
        return load(kind, value, f"{where} [{key}]")
    if kind is dict:
        if dataclasses.is_dataclass(meta["values"]):
            return {name: load(meta["values"], raw, f"{where} [{key}.{name}]") for name, raw in value.items()}
        for name, raw in value.items():
            if not _fits(raw, meta["values"]):
                raise StackError(f"{where} [{key}]: {name} = {raw!r} should be {_words(meta['values'])}")
        return dict(value)
    if meta["choices"] and value not in meta["choices"]:
        raise StackError(f"{where}: {key} {value!r} is not one of {', '.join(sorted(meta['choices']))}")
    return float(value) if kind is float else value


def load(cls, table, where: str, **derived):
    """An instance of ``cls`` from a TOML table, every key checked; defaults for the rest."""
    if not isinstance(table, dict):
        raise StackError(f"{where}: must be a table, not {table!r}")
    known = keys(cls)
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise StackError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(sorted(known))}")
    missing = [k for k, (f, _) in known.items() if f.metadata["required"] and k not in table]
    if missing:
        raise StackError(f"{where}: {cls.WHAT} needs {' and '.join('a ' + k for k in missing)}")
    values = {
        f.name: _value(where, key, table[key], kind, f.metadata) for key, (f, kind) in known.items() if key in table
    }
    made = cls(**values, **derived)
    check = getattr(made, "check", None)
    if check:
        check(where)
    return made


def _default(f) -> str:
    if f.default is not dataclasses.MISSING:
        value = f.default
    elif f.default_factory is not dataclasses.MISSING:
        value = f.default_factory()
    else:
        return "—"
    if dataclasses.is_dataclass(value) or value in ((), {}, ""):
        return "—" if not dataclasses.is_dataclass(value) else "see below"
    return f"`{value!r}`".replace("True", "true").replace("False", "false").replace("'", '"')


def _anchor(cls) -> str:
    """The link target of a table's section: its TOML name (``ANCHOR``), else its class name."""
    return getattr(cls, "ANCHOR", cls.__name__.lower())


def _type_words(kind, meta: dict) -> str:
    if kind is tuple:
        item = meta["items"]
        return (
            f"a list of [{item.__name__.lower()} tables](#{_anchor(item)})"
            if dataclasses.is_dataclass(item)
            else f"a list of {PLURAL_WORDS[item]}"
        )
    if kind is dict and dataclasses.is_dataclass(meta["values"]):
        return f"a table of [{meta['values'].__name__.lower()} tables](#{_anchor(meta['values'])}) by name"
    if kind is dict:
        return f"a table of {PLURAL_WORDS[meta['values']]}" if meta["values"] != ANY else "a table of any values"
    if dataclasses.is_dataclass(kind):
        return f"a [{kind.__name__.lower()} table](#{_anchor(kind)})"
    words = _words(kind)
    return words + (f": {', '.join(f'`{c}`' for c in sorted(meta['choices']))}" if meta["choices"] else "")


def reference(cls, heading: str) -> list:
    """Markdown lines: one row per key of ``cls``: name, type, default, what it is for."""
    about = " ".join(cls.__doc__.strip().split("\n\n")[0].split()).replace("``", "`")
    # an anchor named after the class, which the type column links to, whatever the heading's own slug
    lines = [
        f'<a id="{cls.__name__.lower()}"></a>',
        "",
        f"## {heading}",
        "",
        about,
        "",
        "| key | type | default | what it is for |",
        "|---|---|---|---|",
    ]
    for key, (f, kind) in keys(cls).items():
        default = "required" if f.metadata["required"] else _default(f)
        lines.append(f"| `{key}` | {_type_words(kind, f.metadata)} | {default} | {f.metadata['doc']} |")
    return lines + [""]
