"""A no-op marker for messages in ``governance/``, which stays pure: no catalog, no bot imports."""


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for a marker)
    """Mark ``message`` for the catalog; the bot translates it where it is shown."""
    return message
