"""The catalogs' upkeep: ``make catalog`` extracts, updates, folds and compiles them.

``python -m bot.i18n.catalogs`` (``make catalog``):

1. extracts every marked message of ``bot/`` and ``governance/`` (``babel.cfg``) into the
   template ``bot/locale/poolgov.pot``;
2. updates the ``en`` and ``zh_Hans`` catalogs from it (new messages added, gone ones kept
   as obsolete), and gives every English message its own text;
3. folds each translation fragment ``bot/locale/incoming/*.po`` into the ``zh_Hans`` catalog,
   then deletes the fragment;
4. compiles both catalogs to ``.mo``.

``python -m bot.i18n.catalogs compile`` only compiles (what the build does).
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n.languages import Language
from bot.i18n.speech import DOMAIN, LOCALE_DIR, catalog_path, compile_po

ROOT = LOCALE_DIR.parent.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
INCOMING = LOCALE_DIR / "incoming"
MAPPING = ROOT / "babel.cfg"

#: The markers: ``_``, ``t`` (the template), ``tn`` and ``ngettext`` (singular, plural), ``N_``,
#: ``Nn_`` (a refusal's singular and plural, :mod:`governance.texts`), and ``pgettext`` and
#: ``Np_`` (a context that tells apart two meanings of one English word, then the message).
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "t": None,
    "N_": None,
    "Finding": None,  # storage.findings: what ``poolgov audit check`` found
    "tn": (1, 2),
    "ngettext": (1, 2),
    "Nn_": (1, 2),
    "pgettext": ((1, "c"), 2),
    "Np_": ((1, "c"), 2),
}
PO_OPTIONS = {"width": 100, "no_location": True, "sort_output": True}


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=locale, domain=DOMAIN)


def _write(path: Path, messages: Catalog, *, header: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    messages.fuzzy = False
    messages.copyright_holder = "the poolgov authors"
    messages.last_translator = "poolgov <poolgov@example.com>"
    messages.language_team = f"{messages.locale or 'template'} <poolgov@example.com>"
    with path.open("wb") as target:
        write_po(target, messages, omit_header=not header, **PO_OPTIONS)  # type: ignore[arg-type]


def extract() -> Catalog:
    """Every marked message of the sources ``babel.cfg`` names."""
    from babel.messages.frontend import parse_mapping_cfg

    with MAPPING.open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    template = Catalog(project="poolgov", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    for text, where in _cli_texts():
        template.add(text, None, [(where, 0)])
    return template


def _cli_texts() -> Iterable[tuple[str, str]]:
    """What ``poolgov`` shows that no marker holds: the help of every command and option, which
    typer takes from docstrings and ``help=`` (:func:`bot.cli.help_language.help_texts`), and
    each migration's summary that ``poolgov db history`` lists."""
    import typer.main

    from bot.cli.app import app
    from bot.cli.help_language import help_texts
    from migrations import runner

    for text in help_texts(typer.main.get_command(app)):
        yield text, "bot/cli/app.py"
    for step in runner.history():
        if step.doc:
            yield step.doc, f"migrations/versions/{step.revision}"


def update(template: Catalog, lang: Language) -> Catalog:
    """``lang``'s catalog brought up to ``template`` (created when missing)."""
    path = catalog_path(lang)
    if path.exists():
        messages = _read(path, lang.value)
    else:
        messages = Catalog(locale=lang.value, domain=DOMAIN, project="poolgov", charset="utf-8")
    messages.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False)
    if lang is Language.EN:
        for message in messages:
            if message.id:
                message.string = message.id
                message.flags.discard("fuzzy")
    return messages


def fold(messages: Catalog, fragments: Iterable[Path]) -> list[str]:
    """Each fragment's translations written into ``messages``; what it says of any problem."""
    notes: list[str] = []
    for fragment in fragments:
        for entry in _read(fragment, Language.ZH_HANS.value):
            if not entry.id:
                continue
            known = messages.get(entry.id, entry.context)
            if known is None:
                notes.append(f"{fragment.name}: {_shown(entry.id)} is not in the sources (kept)")
                messages[entry.id] = Message(entry.id, entry.string, context=entry.context)
                continue
            if _filled(known.string) and known.string != entry.string:
                notes.append(f"{fragment.name}: {_shown(entry.id)} replaces its translation")
            known.string = entry.string
            known.flags.discard("fuzzy")
    return notes


def _filled(string: str | Sequence[str] | None) -> bool:
    if string is None or isinstance(string, str):
        return bool(string)
    return bool(string) and all(string)


def _shown(msgid: str | Sequence[str]) -> str:
    text = msgid if isinstance(msgid, str) else msgid[0]
    return repr(text if len(text) <= 60 else text[:57] + "…")


def compile_all(target: Path = LOCALE_DIR) -> list[Path]:
    """Every ``.po`` catalog under ``LOCALE_DIR`` compiled into ``target`` (the build's copy)."""
    written = []
    for lang in Language:
        po = catalog_path(lang)
        if not po.exists():
            continue
        mo = target / lang.value / "LC_MESSAGES" / f"{DOMAIN}.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(compile_po(po))
        written.append(mo)
    return written


def untranslated(messages: Catalog) -> list[str]:
    """The messages with no translation yet, or only a fuzzy one."""
    return [
        _shown(m.id)
        for m in messages
        if m.id
        and ("fuzzy" in m.flags or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]


def main(argv: Sequence[str]) -> int:
    if list(argv) == ["compile"]:
        for mo in compile_all():
            print(f"compiled {mo.relative_to(ROOT)}")
        return 0
    if argv:
        print("usage: python -m bot.i18n.catalogs [compile]", file=sys.stderr)
        return 2
    template = extract()
    if TEMPLATE.exists():  # the same messages as before: the same template, date and all
        before = _read(TEMPLATE)
        if {(m.id, m.context) for m in before} == {(m.id, m.context) for m in template}:
            template.creation_date = before.creation_date
    _write(TEMPLATE, template)
    fragments = sorted(INCOMING.glob("*.po"))
    for lang in Language:
        messages = update(template, lang)
        if lang is Language.ZH_HANS:
            for note in fold(messages, fragments):
                print(note)
        _write(catalog_path(lang), messages)
    for fragment in fragments:
        fragment.unlink()
        print(f"folded {fragment.relative_to(ROOT)}")
    compile_all()
    missing = untranslated(_read(catalog_path(Language.ZH_HANS), Language.ZH_HANS.value))
    print(f"{len(template)} messages; {len(missing)} without a zh_Hans translation")
    for message in missing[:20]:
        print(f"  untranslated: {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
