"""What an attachment is, by its content: the type libmagic (the `file` command's database,
Debian's libmagic1, through python-magic) reads from the bytes must be the one its name
claims, and the file must open as that type — a PDF must parse as a PDF (pypdf), an image
decode (Pillow), an Office file be a whole zip with that format's parts, a text file be text.

The first bytes alone are not enough: `%PDF` followed by an executable passes a signature
check, and libmagic too (it reads the head); pypdf finds no PDF structure in it."""

from __future__ import annotations

import io
import zipfile

import magic
from django.core.files.uploadedfile import UploadedFile

# The types libmagic may name for each accepted suffix.
_OOXML = "application/vnd.openxmlformats-officedocument."
MIME_TYPES: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf",),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "docx": (_OOXML + "wordprocessingml.document", "application/zip"),
    "xlsx": (_OOXML + "spreadsheetml.sheet", "application/zip"),
    "pptx": (_OOXML + "presentationml.presentation", "application/zip"),
    "txt": ("text/plain",),
}
# The folder each Office format keeps its parts in.
_OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def _opens_as(suffix: str, data: bytes) -> bool:
    if suffix == "pdf":
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        try:
            return len(PdfReader(io.BytesIO(data), strict=True).pages) > 0
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                RecursionError, OSError):
            return False
    if suffix in ("png", "jpg", "jpeg"):
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            return True
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            return False
    if suffix in _OOXML_PARTS:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                return ("[Content_Types].xml" in names
                        and any(n.startswith(_OOXML_PARTS[suffix]) for n in names)
                        and archive.testzip() is None)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False
    if suffix == "txt":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return data.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 with its mark
        return b"\x00" not in data
    return False


def content_matches(upload: UploadedFile, suffix: str) -> bool:
    """Whether the upload's content is a file of type `suffix` (reads it; rewinds it)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not isinstance(data, bytes):
        data = str(data).encode()
    mime = magic.from_buffer(data[:65536], mime=True) if data else "application/x-empty"
    if suffix == "txt" and not data:
        return True
    if mime not in MIME_TYPES.get(suffix, ()) and not (suffix == "txt" and mime.startswith("text/")):
        return False
    return _opens_as(suffix, data)
