"""Excel workbooks: one module per subject. Every renderer here takes the result and the path of a
temporary file to save to (``output.write_atomic`` renames it into place).

The matrix and diff workbooks are streamed with XlsxWriter (``book.py``: constant memory, about
twice as fast as openpyxl); the questionnaire is written with openpyxl (``safe.py``, ``layout.py``),
which also reads filled questionnaires back. ``plain.py`` and ``fixed_time.py`` are shared and
import neither. The Excel libraries cost ~40 ms (XlsxWriter) and ~100 ms (openpyxl) to import:
nothing outside this folder may import them, and a writer imports only its own."""
