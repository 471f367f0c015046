"""Twelve-factor configuration: one TOML file per environment, overridden by env vars.

``PYTHON_ENV`` picks ``config/<environment>.toml`` (default ``development``); an
environment variable named like a key in upper case (``MAX_BODY_BYTES``) wins over
the file. Any bad value stops start-up with a :class:`ConfigError` whose text is one
line naming the key, the value and where it came from, because that is what a
person reading a supervisor log needs to fix it.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

ENVIRONMENTS = ("development", "test", "staging", "production")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")
CONFIG_DIR = Path(__file__).resolve().parent / "config"
ENV_SOURCE = "environment variable"


class ConfigError(Exception):
    """A configuration problem, described in one line."""


@dataclass(frozen=True)
class Config:
    """Settings for one process; built once at start-up by :func:`load`."""

    environment: str = "development"
    debug_tracebacks: bool = False
    max_body_bytes: int = 10485760
    slow_cap_seconds: float = 30.0
    stream_max_chunks: int = 1000
    log_level: str = "INFO"
    log_format: str = "text"
    port: int = 8080
    redis_url: str = ""
    sentry_dsn: str = ""
    release: str = ""
    metrics_dir: str = ""
    trusted_proxies: tuple[str, ...] = ()


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


def _as_level(key, value, source):
    level = _as_str(key, value, source).upper()
    if level not in LOG_LEVELS:
        raise _fail(key, value, source, f"is not one of {', '.join(LOG_LEVELS)}")
    return level


def _as_log_format(key, value, source):
    form = _as_str(key, value, source).lower()
    if form not in LOG_FORMATS:
        raise _fail(key, value, source, f"is not one of {', '.join(LOG_FORMATS)}")
    return form


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


def _as_redis_url(key, value, source):
    url = _as_str(key, value, source)
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise _fail(key, value, source, "is not a redis://, rediss:// or unix:// URL")
    return url


PARSERS = {
    "debug_tracebacks": _as_bool,
    "max_body_bytes": lambda k, v, s: _as_int(k, v, s, 0),
    "slow_cap_seconds": _as_float,
    "stream_max_chunks": lambda k, v, s: _as_int(k, v, s, 1),
    "log_level": _as_level,
    "log_format": _as_log_format,
    "port": lambda k, v, s: _as_int(k, v, s, 1, 65535),
    "redis_url": _as_redis_url,
    "sentry_dsn": _as_str,
    "release": _as_str,
    "metrics_dir": _as_str,
    "trusted_proxies": _as_proxies,
}
assert set(PARSERS) == {f.name for f in fields(Config)} - {"environment"}


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
        raise ConfigError(
            f"config: {path} has unknown key(s) {', '.join(unknown)}; "
            f"known keys: {', '.join(PARSERS)}"
        )
    return data


def load(environ=None, config_dir: Path = CONFIG_DIR) -> Config:
    """Build the Config for ``environ`` (default ``os.environ``) or raise ConfigError."""
    environ = os.environ if environ is None else environ
    environment = environ.get("PYTHON_ENV", "").strip() or "development"
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"config: PYTHON_ENV={environment!r} is not one of {', '.join(ENVIRONMENTS)}"
        )
    path = config_dir / f"{environment}.toml"
    values = {}
    for key, raw in _read_file(path).items():
        values[key] = PARSERS[key](key, raw, str(path))
    for key, parse in PARSERS.items():
        name = key.upper()
        if name in environ:
            values[key] = parse(name, environ[name], ENV_SOURCE)
    return Config(environment=environment, **values)
