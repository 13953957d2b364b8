"""The commands: one module per command (or per family of commands), each a plain function that
parses its arguments, calls the ``Repository`` and hands the result to ``common.show``. ``cli``
registers them; they never import ``cli``.

They use no ``from __future__ import annotations``: Typer reads every command's parameter types
on each run (to build the command group), and types given as objects spare it compiling each from
a string."""
