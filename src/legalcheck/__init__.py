"""legalcheck: assess national legislation against ECPAT's legal checklist on the sexual
exploitation of children. Rules are data (``checklist/``), country profiles are cited facts
(``countries/``), and the engine derives each rating and says which criterion decided it."""

__version__ = "0.1.0"

__all__ = ["Repository", "__version__"]


def __getattr__(name: str):
    # Imported on first use, so `legalcheck --help` does not load the library's modules.
    if name == "Repository":
        from .repository import Repository

        return Repository
    raise AttributeError(f"module 'legalcheck' has no attribute {name!r}")
