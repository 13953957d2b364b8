"""The commands: one module per command (or per family of commands), each a plain function that
parses its arguments, calls the ``Repository`` and hands the result to ``common.show``. ``cli``
registers them; they never import ``cli``."""
