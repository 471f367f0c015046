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
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import field, make_dataclass
from pathlib import Path

ENVIRONMENTS = ("development", "test", "staging", "production")
CONFIG_DIR = Path(__file__).resolve().parent / "config"
DECLARATION = CONFIG_DIR / "settings.toml"
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
    if not math.isfinite(number) or number < 0:
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
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
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


def _declared(path: Path = DECLARATION) -> dict:
    """key -> (parser, default, meaning), from the declaration (a mistake in it is a ConfigError)."""
    declared = {}
    for key, entry in tomllib.loads(path.read_text()).items():
        if entry.get("kind") not in KINDS or "default" not in entry or "means" not in entry:
            raise ConfigError(f"config: {path}: [{key}] needs kind (one of {', '.join(KINDS)}), default and means")
        bounds = {k: v for k, v in entry.items() if k not in DESCRIBING}
        kind = KINDS[entry["kind"]]

        def parse(name, value, source, kind=kind, bounds=bounds):
            return kind(name, value, source, **bounds)

        declared[key] = (parse, parse(key, entry["default"], str(path)), entry["means"])
    return declared


SETTINGS = _declared()
PARSERS = {key: parse for key, (parse, _default, _means) in SETTINGS.items()}
Config = make_dataclass(
    "Config",
    [("environment", str, field(default="development"))]
    + [(key, object, field(default=default)) for key, (_parse, default, _means) in SETTINGS.items()],
    frozen=True,
)
Config.__doc__ = "Settings for one process; built once at start-up by :func:`load` (fields: config/settings.toml)."


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
    declared = tomllib.loads(DECLARATION.read_text())
    return [(key.upper(), _kind_text(entry), entry["default"], entry["means"]) for key, entry in declared.items()]


def _read_file(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"config: cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config: {path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(PARSERS))
    if unknown:
        raise ConfigError(f"config: {path} has unknown key(s) {', '.join(unknown)}; known keys: {', '.join(PARSERS)}")
    return data


def load(environ=None, config_dir: Path = CONFIG_DIR) -> Config:
    """Build the Config for ``environ`` (default ``os.environ``) or raise ConfigError."""
    environ = os.environ if environ is None else environ
    environment = environ.get("PYTHON_ENV", "").strip() or "development"
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"config: PYTHON_ENV={environment!r} is not one of {', '.join(ENVIRONMENTS)}")
    path = config_dir / f"{environment}.toml"
    values = {}
    for key, raw in _read_file(path).items():
        values[key] = PARSERS[key](key, raw, str(path))
    for key, parse in PARSERS.items():
        name = key.upper()
        if name in environ:
            values[key] = parse(name, environ[name], ENV_SOURCE)
    return Config(environment=environment, **values)
