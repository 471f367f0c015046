"""Configuration: file per PYTHON_ENV, env vars win, and one-line errors a person can act on."""

import tomllib
from pathlib import Path

import pytest
from hello import config
from hello.config import FIELDS, PARSERS, SETTINGS, Config, ConfigError, load, reference

CONFIG_DIR = Path(config.CONFIG_DIR)
DECLARATION = Path(config.DECLARATION)


def error_of(environ, **kwargs):
    with pytest.raises(ConfigError) as caught:
        load(environ, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_default_environment_is_development_with_tracebacks():
    config = load({})
    assert config.environment == "development" and config.debug_tracebacks is True


@pytest.mark.parametrize("environment", ["test", "staging", "production"])
def test_only_development_shows_tracebacks(environment):
    assert load({"PYTHON_ENV": environment}).debug_tracebacks is False


def test_shipped_defaults():
    config = load({"PYTHON_ENV": "production"})
    assert (config.max_body_bytes, config.slow_cap_seconds, config.stream_max_chunks) == (10485760, 5.0, 20), (
        "production caps the expensive endpoints (docs/interfaces/production.md)"
    )
    assert (config.port, config.redis_url, config.trusted_proxies) == (8080, "", ())
    lessons = load({"PYTHON_ENV": "development"})
    assert (lessons.slow_cap_seconds, lessons.stream_max_chunks) == (30.0, 1000), "the lessons keep long sleeps"


def test_environment_variables_override_the_file():
    config = load(
        {
            "PYTHON_ENV": "production",
            "PORT": "9000",
            "DEBUG_TRACEBACKS": "yes",
            "LOG_LEVEL": "debug",
            "TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
        }
    )
    assert (config.port, config.debug_tracebacks, config.log_level) == (9000, True, "DEBUG")
    assert config.trusted_proxies == ("127.0.0.1", "10.0.0.0/8")


def test_bad_environment_variable_names_key_value_and_source():
    assert error_of({"MAX_BODY_BYTES": "ten"}) == (
        "config: MAX_BODY_BYTES='ten' (environment variable) is not a whole number"
    )


def test_unknown_environment_lists_the_choices():
    assert error_of({"PYTHON_ENV": "prod"}) == (
        "config: PYTHON_ENV='prod' is not one of development, test, staging, production"
    )


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("PORT", "0", "must be between 1 and 65535"),
        ("PORT", "http", "is not a whole number"),
        ("DEBUG_TRACEBACKS", "maybe", "is not true or false"),
        ("SLOW_CAP_SECONDS", "nan", "must be a finite number"),
        ("LOG_LEVEL", "LOUD", "is not one of DEBUG, INFO, WARNING, ERROR"),
        ("TRUSTED_PROXIES", "10.0.0.0/8,nginx", "'nginx', not an IP address or network"),
        ("REDIS_URL", "localhost:6379", "is not a redis://"),
    ],
)
def test_each_bad_value_is_one_line(name, value, words):
    message = error_of({name: value})
    assert message.startswith(f"config: {name}={value!r} (environment variable) ")
    assert words in message


def write_config(tmp_path, text):
    (tmp_path / "test.toml").write_text(text)
    return tmp_path / "test.toml"


def test_bad_file_value_names_the_file(tmp_path):
    path = write_config(tmp_path, 'max_body_bytes = "ten"\n')
    assert error_of({"PYTHON_ENV": "test"}, config_dir=tmp_path) == (
        f"config: max_body_bytes='ten' ({path}) is not a whole number"
    )


def test_unknown_file_key_names_the_file(tmp_path):
    path = write_config(tmp_path, "max_body_byte = 1\n")
    message = error_of({"PYTHON_ENV": "test"}, config_dir=tmp_path)
    assert str(path) in message and "max_body_byte" in message


def test_invalid_toml_names_the_file(tmp_path):
    path = write_config(tmp_path, "port = \n")
    assert str(path) in error_of({"PYTHON_ENV": "test"}, config_dir=tmp_path)


def test_every_environment_has_a_file():
    assert sorted(p.stem for p in CONFIG_DIR.glob("*.toml") if p != DECLARATION) == [
        "development",
        "production",
        "staging",
        "test",
    ]


def test_every_setting_is_declared_once_and_a_file_holds_only_what_differs():
    """settings.toml declares each setting with its default; an environment's file that repeated a
    default would be a second declaration to keep in step, so none does."""
    assert list(FIELDS) == ["environment", *SETTINGS]
    assert [name for name, *_ in reference()] == [key.upper() for key in SETTINGS]
    defaults = Config()
    for path in CONFIG_DIR.glob("*.toml"):
        if path == DECLARATION:
            continue
        repeated = [
            key
            for key, value in tomllib.loads(path.read_text()).items()
            if PARSERS[key](key, value, str(path)) == getattr(defaults, key)
        ]
        assert not repeated, f"{path.name} repeats the default of {repeated}: drop it (settings.toml declares it)"


def test_a_declaration_without_a_kind_is_one_line(tmp_path):
    (tmp_path / "settings.toml").write_text('[port]\ndefault = 1\nmeans = "x"\n')
    with pytest.raises(ConfigError) as caught:
        config._declared(tmp_path / "settings.toml")
    assert str(caught.value) == (
        f"config: {tmp_path / 'settings.toml'}: [port] needs kind (one of "
        "bool, whole, number, text, choice, url, networks), default and means"
    )
