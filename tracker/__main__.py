"""`python -m tracker` is `ambacht`."""

from tracker.cli import main

main()
