"""``python -m bot.cli``: the ``poolgov`` command."""

from bot.cli.launch import main

if __name__ == "__main__":  # not when a spawned child process re-imports this module
    main()
