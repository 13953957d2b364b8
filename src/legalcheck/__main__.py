"""``python -m legalcheck`` and the ``legalcheck`` command (pyproject's entry point): the cyclic
garbage collector set for a run before anything is imported, then the app (``cli.main``)."""

import gc


def main() -> None:
    # Importing Typer, Rich and the library makes some 100,000 objects that live to the end of the
    # run; at Python's default thresholds the collector walks them ~35 times on the way (~3 ms of
    # an `assess`). cli.main sets these thresholds for the run (and freezes what was imported);
    # setting them here as well, before the imports, spares those walks. Only the command does it:
    # a program or test that imports legalcheck.cli keeps its own collector.
    gc.set_threshold(10_000, 10, 10)
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
