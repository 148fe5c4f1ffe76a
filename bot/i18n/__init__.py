"""poolgov in the reader's language: English (``en``) or Simplified Chinese (``zh_Hans``).

Every word poolgov shows goes through the catalog (``bot/locale/<language>/LC_MESSAGES``):

- :func:`_` translates one message into the language being spoken (:func:`speaking`);
- :func:`ngettext` picks the singular or plural form first, and :func:`pgettext` the meaning a
  context gives a word that has two (:func:`Np_` marks such a message);
- :func:`N_` only marks a message for the catalog (a constant translated where it is shown);
- :func:`t` and :func:`tn` translate a ``str.format`` template and fill it as
  :func:`bot.slack.mrkdwn.md` does, so what people typed stays escaped;
- :func:`local` picks a charter text (a name, a title) in the language being spoken.

Who reads decides the language: a channel post is in the pool's language (``pool.language``),
a modal, an ephemeral, a DM or the App Home in the reader's Slack locale when poolgov knows it
(:mod:`bot.slack.locales`), and the command line follows ``--lang`` or ``LANG``
(:func:`cli_language`). Numbers, shares and dates are written as the language writes them
(:mod:`bot.i18n.formats`). ``POOLGOV_PSEUDO_LOCALE=1`` marks every catalog message ``⟦…⟧``.
"""

from bot.i18n.environment import cli_language
from bot.i18n.formats import (
    format_count,
    format_date,
    format_datetime,
    format_number,
    format_percent,
)
from bot.i18n.languages import Language, language_from_tag
from bot.i18n.speech import N_, Np_, _, language, local, ngettext, pgettext, speaking, t, tn

__all__ = [
    "N_",
    "Language",
    "Np_",
    "_",
    "cli_language",
    "format_count",
    "format_date",
    "format_datetime",
    "format_number",
    "format_percent",
    "language",
    "language_from_tag",
    "local",
    "ngettext",
    "pgettext",
    "speaking",
    "t",
    "tn",
]
