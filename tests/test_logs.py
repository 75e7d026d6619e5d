import logging

from briefbot.logs import RedactSecrets, redact


def test_tokens_and_token_fields_are_masked():
    text = redact("body: token=abc123&team_id=T1 bot xoxb-1-2-secret app xapp-1-A-9 "
                  '{"token": "verif"}')
    for secret in ("abc123", "xoxb-1-2-secret", "xapp-1-A-9", "verif"):
        assert secret not in text
    assert "team_id=T1" in text


def test_filter_cleans_records_from_any_library(caplog):
    logger = logging.getLogger("slack_bolt.test")
    handler_filter = RedactSecrets()
    caplog.handler.addFilter(handler_filter)
    with caplog.at_level(logging.INFO):
        logger.info("Invalid request signature detected (body: %s)", "token=legacy-secret&x=1")
        try:
            raise ValueError("bad xoxb-9-9-oops")
        except ValueError:
            logger.exception("failed")
    caplog.handler.removeFilter(handler_filter)
    assert "legacy-secret" not in caplog.text and "xoxb-9-9-oops" not in caplog.text
    assert "[redacted]" in caplog.text
