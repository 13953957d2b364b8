"""Excel workbooks (openpyxl): one module per subject. Every renderer here takes the result and the
path of a temporary file to save to (``output.write_atomic`` renames it into place). openpyxl costs
~100 ms to import: nothing outside this folder may import it."""
