import pytest

from briefbot.config import ConfigError, load_settings


def test_defaults_without_file_or_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = load_settings(environ={})
    assert s.db_path == "var/briefbot.db"
    assert s.timezone == "UTC"
    assert s.mode == "console"


def test_file_then_environment_overrides(tmp_path):
    cfg = tmp_path / "b.toml"
    cfg.write_text(
        '[briefbot]\ndb = "x.db"\ntimezone = "Europe/Brussels"\n'
        '[slack]\nport = 4000\nsigning_secret = "from-file"\n'
        '[topics.synonyms]\nCeasefire = ["truce"]\n'
    )
    s = load_settings(str(cfg), environ={"BRIEFBOT_DB": "env.db", "PORT": "5000"})
    assert s.db_path == "env.db"
    assert s.port == 5000
    assert s.timezone == "Europe/Brussels"
    assert s.mode == "http"
    assert s.topic_synonyms == {"ceasefire": ("truce",)}


def test_config_from_environment_variable(tmp_path):
    cfg = tmp_path / "b.toml"
    cfg.write_text('[briefbot]\ninbox = "drop"\n')
    assert load_settings(environ={"BRIEFBOT_CONFIG": str(cfg)}).inbox == "drop"


def test_app_token_means_socket_mode():
    assert load_settings(environ={"SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s"}).mode \
        == "socket"


@pytest.mark.parametrize("environ, message", [
    ({"BRIEFBOT_TIMEZONE": "Mars/Olympus"}, "unknown time zone"),
    ({"PORT": "eighty"}, "whole number"),
    ({"BRIEFBOT_DIGEST_TIME": "25:00"}, "HH:MM"),
])
def test_bad_settings_say_which(environ, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(environ=environ)


def test_bad_toml_names_the_file(tmp_path):
    cfg = tmp_path / "broken.toml"
    cfg.write_text("[briefbot\n")
    with pytest.raises(ConfigError, match="broken.toml"):
        load_settings(str(cfg), environ={})


def test_secrets_never_in_repr():
    s = load_settings(environ={"SLACK_BOT_TOKEN": "xoxb-secret-1", "SLACK_SIGNING_SECRET": "sig-2",
                               "SLACK_APP_TOKEN": "xapp-secret-3"})
    text = repr(s) + str(s)
    for secret in ("xoxb-secret-1", "sig-2", "xapp-secret-3"):
        assert secret not in text
    assert "***" in text


def test_example_config_documents_every_key():
    from pathlib import Path

    from briefbot.config import _KEYS

    example = (Path(__file__).parent.parent / "config.example.toml").read_text()
    for (_section, key), (_field, env) in _KEYS.items():
        assert f"\n{key} =" in example, key
        if env:
            assert env in example, env


def test_feeds_and_the_push_token_come_from_the_config(tmp_path):
    from briefbot.config import FeedConfig

    path = tmp_path / "b.toml"
    path.write_text('[push]\ntoken = "s3cret-push"\n\n[[feeds]]\nurl = "https://a.example/rss"\n'
                    '\n[[feeds]]\nurl = "https://b.example/atom"\ninterval = 5\n'
                    'outlet = "B News"\n', encoding="utf-8")
    settings = load_settings(str(path), environ={})
    assert settings.feeds == (FeedConfig("https://a.example/rss"),
                              FeedConfig("https://b.example/atom", 5, "B News"))
    assert settings.push_token == "s3cret-push" and "s3cret-push" not in repr(settings)
    assert load_settings(str(path), environ={"BRIEFBOT_PUSH_TOKEN": "env"}).push_token == "env"
    path.write_text('[[feeds]]\nurl = "a.example/rss"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="feed 1 needs a url"):
        load_settings(str(path), environ={})


def test_where_a_value_came_from_is_data_worded_by_the_template(tmp_path):
    """The environment, the file (with its path) or the default: the words come from
    problems.j2, the kind from the settings."""
    from briefbot.config import SettingSource

    toml = tmp_path / "briefbot.toml"
    toml.write_text('[slack]\nport = 8080\n', encoding="utf-8")
    settings = load_settings(str(toml), {"BRIEFBOT_TIMEZONE": "UTC"})
    assert settings.source_of("timezone") == SettingSource("BRIEFBOT_TIMEZONE", "environment")
    assert settings.source_of("port") == SettingSource("slack.port", "file", str(toml))
    assert settings.source_of("db_path").kind == "default"
    words = [str(ConfigError("negative", source=settings.source_of(name), value=-1))
             for name in ("timezone", "port", "db_path")]
    assert words == ["BRIEFBOT_TIMEZONE (environment) must not be negative, got -1",
                     f"slack.port in {toml} must not be negative, got -1",
                     "BRIEFBOT_DB (default) must not be negative, got -1"]
