"""A message in English that keeps its template and values, so it can be said in another language.

``governance/`` stays pure: a :class:`Phrase` *is* the English text (a ``str``, byte-identical to
what an f-string gave), and where the bot shows it, :func:`bot.phrasing.in_language` fills the
translated template with the same values instead. Mark the template with
:func:`governance.texts.N_` so the catalog extracts it.
"""

from __future__ import annotations

from collections.abc import Mapping


class Phrase(str):
    """``template.format(**values)``, remembering ``template`` and ``values``."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, /, **values: object) -> Phrase:
        phrase = super().__new__(cls, template.format(**values))
        phrase.template = template
        phrase.values = values
        return phrase
