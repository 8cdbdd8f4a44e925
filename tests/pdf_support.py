"""Reading a PDF back as a reader would: its text (poppler's pdftotext, in logical order) and
its pages as PNG images (pdftoppm), from Debian's poppler-utils."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

# pdftotext marks right-to-left runs with embedding characters; the words are what we read.
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    """The PDF's text in logical order (bidi marks removed); `layout` keeps each printed line."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
        out = subprocess.run(args, capture_output=True, check=True, timeout=60).stdout.decode()
    return _BIDI_MARKS.sub("", out)


def words(text: str) -> str:
    """Text with every run of white space made one space (a header wrapped on two lines reads
    as one phrase)."""
    return " ".join(text.split())


def pdf_pages_png(pdf: bytes, stem: Path, *, dpi: int = 80) -> list[Path]:
    """Each page as `<stem>-<n>.png`; the paths, in page order."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    for old in stem.parent.glob(f"{stem.name}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(stem)], check=True, timeout=120)
    return sorted(stem.parent.glob(f"{stem.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
