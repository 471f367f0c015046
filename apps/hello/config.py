"""Twelve-factor configuration: every setting declared once, one TOML file per environment, env vars win.

``config/settings.toml`` declares each setting: its kind, default and meaning.
From it come the ``Config`` fields, the parsing and the one-line errors (and the
runner's list of variables to hand the app, and the settings reference).
``PYTHON_ENV`` picks ``config/<environment>.toml`` (default ``development``),
which holds only what differs from the defaults; an environment variable named
like a key in upper case (``MAX_BODY_BYTES``) wins over the file. Any bad value
stops start-up with a :class:`ConfigError` whose text is one line naming the
key, the value and where it came from, because that is what a person reading a
supervisor log needs to fix it.

A CGI process reads all of this on every request, and pays again for every
module it imports, so reading it is kept cheap: this module imports only ``os``
and ``marshal`` (``tomllib`` only when a TOML file must be read), and ``Config``
is a plain class with ``__slots__`` rather than a dataclass (``dataclasses``
imports ``inspect`` and ``ast``). A release may also carry a *snapshot*
(:func:`write_snapshot`, the CGI stacks' prepare step): the declaration and every
environment's file parsed and validated once, so a bad value fails that step with
the same one-line error. :func:`load` trusts a snapshot only while every file it
was made from is unchanged (size and modification time); an edited file is read
and checked again. Environment variables are parsed and checked on every load.
"""

import marshal
import os

ENVIRONMENTS = ("development", "test", "staging", "production")
CONFIG_DIR = os.path.join(os.path.dirname(os.path.realpath(__file__)), "config")
DECLARATION = os.path.join(CONFIG_DIR, "settings.toml")
SNAPSHOT = "snapshot.marshal"  # written beside the TOML files, in a release copy
SNAPSHOT_FORMAT = 1
ENV_SOURCE = "environment variable"


class ConfigError(Exception):
    """A configuration problem, described in one line."""


def _fail(key: str, value: object, source: str, problem: str) -> ConfigError:
    return ConfigError(f"config: {key}={value!r} ({source}) {problem}")


def _as_bool(key, value, source):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "1", "yes", "on"):
            return True
        if word in ("false", "0", "no", "off"):
            return False
    raise _fail(key, value, source, "is not true or false (true/false, 1/0, yes/no, on/off)")


def _number(key, value, source, convert, kinds, word):
    """``value`` as a number of ``kinds``: parsed with ``convert`` when it is a string
    (from the environment), taken as is from TOML; a bool is never a number."""
    number = value
    if isinstance(value, str):
        try:
            number = convert(value.strip())
        except ValueError:
            raise _fail(key, value, source, f"is not {word}") from None
    if isinstance(number, bool) or not isinstance(number, kinds):
        raise _fail(key, value, source, f"is not {word}")
    return number


def _as_int(key, value, source, low, high=None):
    number = _number(key, value, source, int, int, "a whole number")
    if number < low or (high is not None and number > high):
        bounds = f"between {low} and {high}" if high is not None else f"{low} or more"
        raise _fail(key, value, source, f"must be {bounds}")
    return number


def _as_float(key, value, source):
    number = _number(key, value, source, float, (int, float), "a number")
    if not 0 <= number < float("inf"):  # false for NaN too: finite and 0 or more, without importing math
        raise _fail(key, value, source, "must be a finite number, 0 or more")
    return float(number)


def _as_str(key, value, source):
    if not isinstance(value, str):
        raise _fail(key, value, source, "is not a string")
    return value.strip()


def _as_choice(key, value, source, choices, case=""):
    word = _as_str(key, value, source)
    word = word.upper() if case == "upper" else word.lower() if case == "lower" else word
    if word not in choices:
        raise _fail(key, value, source, f"is not one of {', '.join(choices)}")
    return word


def _as_proxies(key, value, source):
    if isinstance(value, str):
        items = [item.strip() for item in value.split(",") if item.strip()]
    elif isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        items = [item.strip() for item in value]
    else:
        raise _fail(key, value, source, "is not a list of IP addresses or networks")
    for item in items:
        if item == "unix":
            continue
        import ipaddress  # only when TRUSTED_PROXIES is set: CGI pays every import on every request

        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise _fail(key, value, source, f"has {item!r}, not an IP address or network") from None
    return tuple(items)


def _as_url(key, value, source, schemes):
    url = _as_str(key, value, source)
    if url and not url.startswith(tuple(schemes)):
        raise _fail(key, value, source, f"is not a {', '.join(schemes[:-1])} or {schemes[-1]} URL")
    return url


KINDS = {  # kind -> parser(key, value, source, **the declaration's own bounds)
    "bool": _as_bool,
    "whole": lambda k, v, s, min, max=None: _as_int(k, v, s, min, max),
    "number": _as_float,
    "text": _as_str,
    "choice": _as_choice,
    "url": _as_url,
    "networks": _as_proxies,
}
DESCRIBING = ("kind", "default", "means")  # what every declaration holds besides its kind's bounds


def _read_toml(path) -> dict:
    """A TOML file as a dict; unreadable or invalid is a one-line ConfigError."""
    import tomllib  # only when a file must be read: a snapshot spares a CGI request its import

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"config: cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config: {path} is not valid TOML: {exc}") from None


def _parser(entry: dict):
    kind = KINDS[entry["kind"]]
    bounds = {k: v for k, v in entry.items() if k not in DESCRIBING}

    def parse(name, value, source):
        return kind(name, value, source, **bounds)

    return parse


def _checked(entries: dict, path) -> dict:
    """key -> (parser, default, meaning) from a declaration's entries (a mistake in one is a ConfigError)."""
    declared = {}
    for key, entry in entries.items():
        if entry.get("kind") not in KINDS or "default" not in entry or "means" not in entry:
            raise ConfigError(f"config: {path}: [{key}] needs kind (one of {', '.join(KINDS)}), default and means")
        parse = _parser(entry)
        declared[key] = (parse, parse(key, entry["default"], str(path)), entry["means"])
    return declared


def _declared(path=DECLARATION) -> dict:
    """key -> (parser, default, meaning), from the declaration file."""
    return _checked(_read_toml(path), path)


def _stamp(path):
    """What tells a file changed since a snapshot was made of it: (size, mtime in ns), None when missing."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns)


_snapshots = {}


def _snapshot(config_dir) -> dict | None:
    """The snapshot beside ``config_dir``'s files, when there is one and the declaration it was
    made from is unchanged; None otherwise (then the TOML files are read)."""
    config_dir = str(config_dir)
    if config_dir not in _snapshots:
        found = None
        try:
            with open(os.path.join(config_dir, SNAPSHOT), "rb") as handle:
                found = marshal.load(handle)
            if found["format"] != SNAPSHOT_FORMAT or found["declaration"][0] != _stamp(DECLARATION):
                found = None
        except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
            found = None
        _snapshots[config_dir] = found
    return _snapshots[config_dir]


def _declaration() -> dict:
    found = _snapshot(CONFIG_DIR)
    return _checked(found["declaration"][1], DECLARATION) if found else _declared()


SETTINGS = _declaration()
PARSERS = {key: parse for key, (parse, _default, _means) in SETTINGS.items()}
FIELDS = ("environment", *SETTINGS)
DEFAULTS = {"environment": "development", **{key: default for key, (_parse, default, _means) in SETTINGS.items()}}


class Config:
    """Settings for one process; built once at start-up by :func:`load` (fields: config/settings.toml).

    Frozen: a setting is read, never changed, while the process runs.
    """

    __slots__ = FIELDS

    def __init__(self, **values):
        unknown = sorted(set(values) - set(FIELDS))
        if unknown:
            raise TypeError(f"Config() has no setting(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        for name in FIELDS:
            object.__setattr__(self, name, values.get(name, DEFAULTS[name]))

    def __setattr__(self, name, value):
        raise AttributeError(f"Config is frozen: {name} cannot be set")

    __delattr__ = __setattr__

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in FIELDS)

    def __eq__(self, other):
        return self._values() == other._values() if isinstance(other, Config) else NotImplemented

    def __hash__(self):
        return hash(self._values())

    def __repr__(self):
        return "Config(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in FIELDS) + ")"


def _kind_text(entry: dict) -> str:
    """A declaration's kind as a person reads it: the kind and its bounds."""
    kind = entry["kind"]
    if kind == "whole":
        return (
            f"whole number, {entry['min']} to {entry['max']}"
            if "max" in entry
            else f"whole number, {entry['min']} or more"
        )
    if kind == "choice":
        return "one of " + ", ".join(entry["choices"])
    if kind == "url":
        return "empty or a URL: " + ", ".join(entry["schemes"])
    return {
        "bool": "true or false",
        "number": "number, 0 or more",
        "text": "text",
        "networks": "IP addresses or networks, comma-separated",
    }[kind]


def reference() -> list:
    """(variable, kind with its bounds, default, meaning) for every setting, in declared order: the settings reference."""
    declared = _read_toml(DECLARATION)
    return [(key.upper(), _kind_text(entry), entry["default"], entry["means"]) for key, entry in declared.items()]


def _file_values(path) -> dict:
    """One environment's file, every value parsed and checked."""
    data = _read_toml(path)
    unknown = sorted(set(data) - set(PARSERS))
    if unknown:
        raise ConfigError(f"config: {path} has unknown key(s) {', '.join(unknown)}; known keys: {', '.join(PARSERS)}")
    return {key: PARSERS[key](key, raw, str(path)) for key, raw in data.items()}


def load(environ=None, config_dir=CONFIG_DIR) -> Config:
    """Build the Config for ``environ`` (default ``os.environ``) or raise ConfigError."""
    environ = os.environ if environ is None else environ
    environment = environ.get("PYTHON_ENV", "").strip() or "development"
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"config: PYTHON_ENV={environment!r} is not one of {', '.join(ENVIRONMENTS)}")
    path = os.path.join(config_dir, f"{environment}.toml")
    found = _snapshot(config_dir)
    kept = found["environments"].get(environment) if found else None
    values = dict(kept[1]) if kept and kept[0] == _stamp(path) else _file_values(path)
    for key, parse in PARSERS.items():
        name = key.upper()
        if name in environ:
            values[key] = parse(name, environ[name], ENV_SOURCE)
    return Config(environment=environment, **values)


def write_snapshot(config_dir=CONFIG_DIR) -> str:
    """Parse and check the declaration and every environment's file in ``config_dir``, and write
    them as a snapshot beside them; a bad value raises the one-line ConfigError and writes nothing."""
    config_dir = str(config_dir)
    environments = {}
    for environment in ENVIRONMENTS:
        path = os.path.join(config_dir, f"{environment}.toml")
        stamp = _stamp(path)
        if stamp is not None:  # a missing file stays missing: load() reports it when it is chosen
            environments[environment] = (stamp, _file_values(path))
    stamp = _stamp(DECLARATION)
    entries = _read_toml(DECLARATION)
    _checked(entries, DECLARATION)
    target = os.path.join(config_dir, SNAPSHOT)
    partial = target + ".partial"
    with open(partial, "wb") as handle:
        marshal.dump({"format": SNAPSHOT_FORMAT, "declaration": (stamp, entries), "environments": environments}, handle)
    os.chmod(partial, 0o644)  # read by the web server's account
    os.replace(partial, target)
    _snapshots.pop(config_dir, None)
    return target
