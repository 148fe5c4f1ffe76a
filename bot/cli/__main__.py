"""``python -m bot.cli``: the ``poolgov`` command."""

from bot.cli.app import main

main()
