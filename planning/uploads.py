"""What an uploaded file really is, told from its bytes (never from its name), and the first check of each upload.

A file called ``caseload.csv`` may be a PDF, a photo, a program or a web page; a ``plan.json`` may be an Excel
workbook. :func:`sniff` names the kind from the content; :func:`check_import` (a plan file, on Home) and
:func:`check_registry` (a registry export, on the Metric log) refuse what cannot be what the page expects, with a
plain message naming what the file is and what to upload instead, before anything else reads it.

What each reader still checks after this (not repeated here): :func:`planning.plans.parse_import` the JSON syntax,
that it is a workbook plan, its format version and every field; :mod:`planning.registry_import` the table itself
(header, rows, sizes once unpacked, sheets, cells).

Kinds: "json", "csv" (any other text), "xlsx" (a zip holding ``[Content_Types].xml`` and ``xl/workbook.xml``;
a macro-enabled .xlsm counts: its cells are read, its macros never run), "zip" (any other zip: a Word or PowerPoint
file, an OpenDocument spreadsheet, a plain archive, a damaged one), "pdf", "image", "html" (a web page, or an XML
file such as Excel's 2003 XML spreadsheet), "executable" (a Windows, Linux or Mac program, or a script starting
with ``#!``), "binary" (anything else that is not text: an older Office file, a compressed archive, a video...),
"empty" (no bytes, or only spaces and line breaks).
"""
from __future__ import annotations

import codecs
import io
import json
import math
import zipfile

KINDS: tuple[str, ...] = ("json", "csv", "xlsx", "zip", "pdf", "image", "html", "executable", "binary", "empty")

_HEAD = 65536  # bytes looked at to tell text from binary
_MIB = 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# (leading bytes, kind, what it is in words)
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "pdf", "a PDF document"),
    (b"\x89PNG", "image", "a PNG image"),
    (b"\xff\xd8\xff", "image", "a JPEG image"),
    (b"GIF87a", "image", "a GIF image"),
    (b"GIF89a", "image", "a GIF image"),
    (b"II*\x00", "image", "a TIFF image"),
    (b"MM\x00*", "image", "a TIFF image"),
    (b"\x00\x00\x01\x00", "image", "an icon image"),
    (b"\x7fELF", "executable", "a Linux program"),
    (b"\xfe\xed\xfa\xce", "executable", "a Mac program"),
    (b"\xfe\xed\xfa\xcf", "executable", "a Mac program"),
    (b"\xce\xfa\xed\xfe", "executable", "a Mac program"),
    (b"\xcf\xfa\xed\xfe", "executable", "a Mac program"),
    (b"\xca\xfe\xba\xbe", "executable", "a Mac or Java program"),
    (b"#!/", "executable", "a script (a program to run)"),
    (_OLE, "binary", "an older Office file (.xls, .doc or .msg) or a password-protected workbook"),
    (b"{\\rtf", "binary", "a Word (RTF) document"),
    (b"\x1f\x8b", "binary", "a compressed (gzip) file"),
    (b"Rar!", "binary", "a compressed (RAR) file"),
    (b"7z\xbc\xaf", "binary", "a compressed (7-Zip) file"),
    (b"BZh", "binary", "a compressed (bzip2) file"),
    (b"\xfd7zXZ", "binary", "a compressed (xz) file"),
)
_BINARY = "a program or other binary file"
_TAGS = ("<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<meta", "<div", "<table", "<form",
         "<a ", "<p>", "<!--", "<style", "<link", "<title")


def sniff(raw: bytes) -> str:
    """The kind of file these bytes are, by content: one of KINDS."""
    return identify(raw)[0]


def describe(raw: bytes) -> str:
    """What the file is, in words: 'a PDF document', 'a Windows program (.exe)', 'a Word document (.docx)'..."""
    return identify(raw)[1]


def identify(raw: bytes) -> tuple[str, str]:
    """(kind, what it is in words)."""
    if not raw[:_HEAD].strip() and not raw.strip():  # the whole file only when its start is blank
        return "empty", "an empty file"
    head = raw[:16]
    if raw[:2] == b"MZ" and b"\x00" in raw[2:64]:  # a Windows program: "MZ", then binary header fields
        return "executable", "a Windows program (.exe or .dll)"
    for magic, kind, words in _MAGIC:
        if head.startswith(magic):
            return kind, words
    if raw[:2] == b"BM" and raw[6:10] == b"\x00\x00\x00\x00":  # "BM", file size, four reserved zero bytes
        return "image", "a BMP image"
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "image", "a WebP image"
    if raw[4:8] == b"ftyp":
        brand = raw[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
            return "image", "a HEIC or AVIF photo"
        return "binary", "a video or audio file"
    if raw[:4] in _ZIP:
        return _zip_kind(raw)
    text = _head_text(raw)
    if text is None:
        return "binary", _BINARY
    start = text.lstrip().lower()
    if start.startswith("<"):
        return _markup_kind(start)
    if start.startswith("{") or (start.startswith("[") and _is_json(raw)):
        return "json", "JSON data"
    return "csv", "text"


def _zip_kind(raw: bytes) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return "zip", "a damaged or cut-short zip file (an Excel workbook is one)"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx", "an Excel workbook"
    if "xl/workbook.bin" in names:
        return "zip", "an Excel binary workbook (.xlsb)"
    if "word/document.xml" in names:
        return "zip", "a Word document (.docx)"
    if "ppt/presentation.xml" in names:
        return "zip", "a PowerPoint file (.pptx)"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "zip", "an OpenDocument spreadsheet (.ods)"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "zip", "an OpenDocument file"
    if "xl/workbook.xml" in names:
        return "zip", "an incomplete Excel workbook (it lacks [Content_Types].xml)"
    return "zip", "a zip archive"


def _markup_kind(start: str) -> tuple[str, str]:
    head = start[:4096]
    if "<svg" in head[:1024]:
        return "image", "an SVG image"
    if head.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in head:
            return "html", "an Excel 2003 XML spreadsheet"
        if "<html" in head:
            return "html", "a web page (HTML)"
        return "html", "an XML file"
    if head.startswith(_TAGS) or "<html" in head[:1024]:
        return "html", "a web page (HTML)"
    if len(head) > 1 and (head[1].isalpha() or head[1] in "!?/"):
        return "html", "a web page or other markup (it starts with a tag)"
    return "csv", "text"


def _head_text(raw: bytes) -> str | None:
    """The start of the file as text (UTF-16 with a byte order mark, UTF-8, else Windows-1252), or None when it is
    not text: a zero byte (outside UTF-16), or mostly control characters."""
    head = raw[:_HEAD]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = codecs.getincrementaldecoder("utf-16")(errors="replace").decode(head, final=False)
    else:
        if b"\x00" in head[:4096]:
            return None
        try:
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError:
            text = head.decode("cp1252", errors="replace")
    sample = text[:8192]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or 0x7F <= ord(ch) <= 0x9F
              or ch == "\ufffd")
    return None if bad > max(2, len(sample) // 50) else text


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return True


def _mb(n: int) -> str:
    """Bytes as MB, rounded up to one decimal so a file just over a limit never reads as the limit."""
    return f"{math.ceil(n / _MIB * 10) / 10:.1f} MB"


# ------------------------------------------------------------------------------------------------ the plan file

_CHOOSE_PLAN = "Choose a plan file exported from this workbook (.json)."


def check_import(raw: bytes) -> str:
    """The first check of a plan file: within the size limit, UTF-8 text, and JSON by its look (not a PDF, an image,
    a workbook, a web page or a program renamed .json). Returns the text; raises planning.plans.ImportProblem with
    one plain message. parse_import then reads the JSON and checks that it is a workbook plan."""
    from planning.plans import MAX_IMPORT_BYTES, MAX_IMPORT_MB, ImportProblem

    def refuse(message: str) -> ImportProblem:
        return ImportProblem([message])

    if len(raw) > MAX_IMPORT_BYTES:
        raise refuse(f"The file is {len(raw) / _MIB:.1f} MB; a plan file can be at most {MAX_IMPORT_MB} MB.")
    kind, words = identify(raw)
    if kind == "empty":
        raise refuse(f"The file is empty. {_CHOOSE_PLAN}")
    if kind == "html":
        raise refuse(f"This file is {words}, not a plan file. {_CHOOSE_PLAN}")
    if kind == "xlsx":
        raise refuse(f"This file is not text: it is {words}. {_CHOOSE_PLAN} A registry export goes on the Metric "
                     "log page.")
    if kind not in ("json", "csv"):
        raise refuse(f"This file is not text: it is {words}. {_CHOOSE_PLAN}")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise refuse("This file is text saved as UTF-16; a plan file is UTF-8. Export the plan again from the "
                     "workbook, or save the file as UTF-8 text.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse("This file is not UTF-8 text (it was saved in another character encoding). A plan file "
                     f"exported from this workbook is always UTF-8. {_CHOOSE_PLAN}") from None
    if not text.lstrip().startswith(("{", "[")):
        raise refuse("This file is text, not a plan file: a plan file is JSON and starts with “{”. A registry "
                     f"export (CSV) goes on the Metric log page. {_CHOOSE_PLAN}")
    return text


# ------------------------------------------------------------------------------------------- the registry export

_NOT_TABLE = "Export the registry as a CSV file or an Excel workbook (.xlsx) and upload that."


def check_registry(raw: bytes, name: str = "") -> str:
    """The first check of a registry export: within the size limit, not empty, and by its content a CSV (text) or
    an Excel workbook. Returns "csv" or "xlsx"; raises planning.registry_import.ImportProblem with one plain message
    naming what the file is. ``name`` (the uploaded file's name) is only used in messages."""
    from planning.registry_import import MAX_BYTES, ImportProblem

    subject = f'"{_short(name)}"' if name else "This file"
    if len(raw) > MAX_BYTES:
        raise ImportProblem([f"The file is {_mb(len(raw))}; the largest file this page reads is "
                             f"{MAX_BYTES // _MIB} MB. Export fewer columns or a shorter period, or split the file."])
    kind, words = identify(raw)
    if kind in ("csv", "xlsx"):
        return kind
    if kind == "empty":
        raise ImportProblem(["The file is empty."])
    if raw[:8] == _OLE:
        raise ImportProblem(["This is an older Excel file (.xls) or a password-protected workbook, which this page "
                             "cannot read. Open it in Excel and save it as .xlsx (without a password) or as CSV."])
    if kind == "zip":
        if words.startswith("a damaged"):
            raise ImportProblem([f"{subject} looks like an Excel workbook but cannot be opened: it may be damaged or "
                                 "cut short. Save it again from Excel, or export CSV."])
        raise ImportProblem([f"{subject} is {words}, not an Excel workbook. {_NOT_TABLE}"])
    if kind == "json":
        raise ImportProblem([f"{subject} is JSON data (a plan file exported from this workbook, perhaps), not a "
                             f"table. {_NOT_TABLE} A plan file is imported on Home."])
    if kind == "html":
        raise ImportProblem([f"{subject} is {words}, not a table. Open it in Excel and save it as .xlsx or CSV, or "
                             "export the registry again as CSV."])
    if words == _BINARY:
        raise ImportProblem([f"This file is not text (it looks like {words}). {_NOT_TABLE}"])
    raise ImportProblem([f"This file is {words}, not a table. {_NOT_TABLE}"])


def _short(name: str, limit: int = 60) -> str:
    name = " ".join(str(name).split())
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"
