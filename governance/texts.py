"""poolgov's own words in ``governance/``, marked for the catalog: the bot translates them where
they are shown (``bot.i18n``), and ``governance`` stays free of any I/O or locale."""


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for a marker)
    """Mark ``message`` for the catalog without translating it: it is returned as it is."""
    return message
