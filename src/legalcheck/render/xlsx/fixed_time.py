"""Workbooks whose zip entries all carry one time (the generation time, or the start of a
questionnaire's year), so the same data gives the same bytes: a workbook is a zip file, and a zip
entry records when it was written.

Two ways, one per writer: ``FixedTimeZip`` is handed to openpyxl's ``ExcelWriter`` (the questionnaire);
``stamp_zip_times`` rewrites the times in a finished file in place (XlsxWriter, which opens its own
zip file): two 2-byte fields per entry in its local header and in the central directory.
Imports no Excel library.
"""

from __future__ import annotations

import struct
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


_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"


def stamp_zip_times(path: Path, when: datetime) -> None:
    """Set the time of every entry of the finished zip file ``path`` to ``when``, in place (the
    entries' data and sizes are untouched, so nothing is recompressed)."""
    y, mo, d, h, mi, s = zip_time(when)
    stamp = struct.pack("<HH", (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d)
    with ZipFile(path) as z:
        entries = [i.header_offset for i in z.infolist()]
        central = z.start_dir
    with open(path, "r+b") as f:
        for offset in entries:  # local header: signature, version, flags, method, then time and date
            f.seek(offset)
            if f.read(4) != _LOCAL:
                raise ValueError(f"{path}: not a zip local header at {offset}")
            f.seek(offset + 10)
            f.write(stamp)
        f.seek(central)
        for _ in entries:  # central record: signature, 2 versions, flags, method, then time and date
            head = f.read(46)
            if head[:4] != _CENTRAL:
                raise ValueError(f"{path}: not a zip central record")
            start = f.tell() - 46
            f.seek(start + 12)
            f.write(stamp)
            name, extra, comment = struct.unpack("<HHH", head[28:34])
            f.seek(start + 46 + name + extra + comment)
