"""``poolgov``'s command line: :mod:`bot.cli.app` builds it, one small module per command or
group beside it. ``python -m bot.cli`` runs it, as the ``poolgov`` console script does."""
