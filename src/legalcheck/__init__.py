"""legalcheck: assess national legislation against ECPAT's legal checklist on the sexual
exploitation of children. Rules are data (``checklist/``), country profiles are cited facts
(``countries/``), and the engine derives each rating and says which criterion decided it."""

__version__ = "0.1.0"
