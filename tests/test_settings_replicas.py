"""The settings of the several-process set-up: DATABASE_URL and the webhook, and their defaults."""

from __future__ import annotations

import pytest

from bot.backends import describe
from bot.settings import Settings, Webhook

SECRET = "s3cret_-0123456789abcdef"


def test_no_settings_keep_sqlite_and_polling() -> None:
    settings = Settings.from_env({})
    assert settings.database_url is None and settings.webhook is None
    assert describe(settings).startswith("SQLite ")


def test_database_url_selects_postgresql_and_hides_the_password() -> None:
    settings = Settings.from_env({"DATABASE_URL": "postgresql://bot:hunter2@db.internal:5433/dangjian"})
    assert settings.database_url == "postgresql://bot:hunter2@db.internal:5433/dangjian"
    assert describe(settings) == "PostgreSQL db.internal:5433/dangjian"
    with pytest.raises(ValueError, match="postgresql://"):
        Settings.from_env({"DATABASE_URL": "mysql://db/x"})


def test_webhook_settings() -> None:
    hook = Webhook.from_env(
        {
            "WEBHOOK_URL": "https://bot.example.gov.cn/tg/hook",
            "WEBHOOK_LISTEN": "10.0.0.11:8443",
            "WEBHOOK_SECRET": SECRET,
        }
    )
    assert hook == Webhook("https://bot.example.gov.cn/tg/hook", "10.0.0.11", 8443, SECRET)
    default = Webhook.from_env({"WEBHOOK_URL": "https://b.example/h", "WEBHOOK_SECRET": SECRET})
    assert default is not None and (default.host, default.port) == ("127.0.0.1", 8443)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WEBHOOK_URL": "http://plain.example/h", "WEBHOOK_SECRET": SECRET}, "https"),
        ({"WEBHOOK_URL": "https://b.example/h"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_URL": "https://b.example/h", "WEBHOOK_SECRET": "short"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_URL": "https://b.example/h", "WEBHOOK_SECRET": SECRET + "!"}, "WEBHOOK_SECRET"),
        (
            {"WEBHOOK_URL": "https://b.example/h", "WEBHOOK_SECRET": SECRET, "WEBHOOK_LISTEN": "127.0.0.1:https"},
            "host:port",
        ),
    ],
)
def test_bad_webhook_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Webhook.from_env(env)
