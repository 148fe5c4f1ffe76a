"""poolgov's own words in ``governance/``, marked for the catalog: the bot translates them where
they are shown (``bot.i18n``), and ``governance`` stays free of any I/O or locale."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for a marker)
    """Mark ``message`` for the catalog without translating it: it is returned as it is."""
    return message


class Plural(str):
    """A template with a plural form: the singular as the string itself, :attr:`plural` beside
    it, and ``counted`` the name of the fact whose number picks the form."""

    plural: str
    counted: str

    def __new__(cls, singular: str, plural: str, count: str) -> Plural:
        made = super().__new__(cls, singular)
        made.plural = plural
        made.counted = count
        return made

    def english(self, facts: dict[str, str | int]) -> str:
        """The form English takes for the counted fact, unfilled."""
        return str(self) if facts.get(self.counted) == 1 else self.plural


def Nn_(singular: str, plural: str, count: str) -> Plural:  # noqa: N802 (as ``N_``)
    """Mark a template and its plural for the catalog; ``count`` names the fact that picks."""
    return Plural(singular, plural, count)
