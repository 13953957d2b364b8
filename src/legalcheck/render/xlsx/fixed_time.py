"""Workbooks whose zip entries all carry one time (the generation time, or the start of a
questionnaire's year), so the same data gives the same bytes: a workbook is a zip file, and a zip
entry records when it was written.

One per writer: ``FixedTimeZip`` is handed to openpyxl's ``ExcelWriter`` (the questionnaire);
the streamed workbooks (XlsxWriter, ``book.py``) write their zip entries themselves with ``zip_time``.
Imports no Excel library.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

_EARLIEST = (1980, 1, 1, 0, 0, 0)  # a zip time cannot be earlier


def zip_time(when: datetime) -> tuple[int, int, int, int, int, int]:
    return max(when.timetuple()[:6], _EARLIEST)


class FixedTimeZip(ZipFile):
    """A zip being written whose entries all carry the time ``when``."""

    def __init__(self, path: Path, when: datetime):
        super().__init__(path, "w", ZIP_DEFLATED, allowZip64=True)
        self._when = zip_time(when)

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # type: ignore[override]
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = ZipInfo(zinfo_or_arcname, date_time=self._when)
            zinfo_or_arcname.compress_type = ZIP_DEFLATED
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # type: ignore[override]
        # openpyxl writes worksheets from temporary files, which would carry their own times.
        with open(filename, "rb") as f:
            self.writestr(arcname or Path(filename).name, f.read())
