"""``python -m poolgov``: the same command line as ``poolgov``."""

from poolgov import main

main()
