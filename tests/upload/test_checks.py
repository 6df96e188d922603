"""The upload checks and the AKN parser's XML configuration, without Django."""

import zlib

import pytest

from archive.parsing import ParseError, akn
from archive.upload.checks import UploadRefused, check_content, check_name, pdf_inflated_size

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + ']>\n<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act>&lol9;</act></akomaNtoso>\n'
)


def pdf(stream: bytes, filters: bytes = b"/FlateDecode") -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Filter " + filters + b" >>\nstream\n" + stream + b"\nendstream\nendobj\n%%EOF\n"


def test_the_akn_parser_refuses_a_document_type_declaration_before_expanding_anything():
    with pytest.raises(ParseError, match="refused XML"):
        akn.parse(LAUGHS, "lol.xml")
    with pytest.raises(ParseError, match="refused XML"):
        akn.parse('<?xml version="1.0"?><!DOCTYPE a SYSTEM "file:///etc/passwd"><akomaNtoso/>', "ext.xml")


def test_inflated_size_counts_every_flate_layer_and_stops_at_the_budget():
    text = b"BT /F1 12 Tf (Recalling its resolution 62/132) Tj ET\n" * 2000
    assert pdf_inflated_size(pdf(zlib.compress(text)), 10**9) == len(text)
    assert pdf_inflated_size(pdf(zlib.compress(zlib.compress(text)), b"[/FlateDecode /FlateDecode]"), 10**9) == len(
        text
    )
    assert pdf_inflated_size(pdf(text, b"/ASCIIHexDecode"), 10**9) == 0  # not Flate: not inflated
    assert pdf_inflated_size(pdf(zlib.compress(b"\0" * 10_000_000)), 1_000_000) <= 1_000_000 + 1024 * 1024
    assert pdf_inflated_size(pdf(b"not flate data at all"), 10**9) == 0  # left for the PDF reader to report


def test_a_well_formed_pdf_and_akn_file_pass():
    assert check_content("A_RES_62_132.pdf", pdf(zlib.compress(b"BT (x) Tj ET"))).kind == "pdf"
    assert check_content("A_RES_76_141.xml", b'<?xml version="1.0"?><akomaNtoso/>').kind == "xml"
    assert check_content("A_RES_62_132.txt", "Résolution adoptée\n".encode()).kind == "text"


@pytest.mark.parametrize("name", ["Résolution 62-132.pdf", "A_RES_62_132 (1).txt", "A_64_152-EN.pdf"])
def test_ordinary_file_names_pass(name):
    assert check_name(name) == name


@pytest.mark.parametrize(
    "name, reason",
    [
        ("../A_RES_62_132.txt", "holds a path"),
        ("C:\\x\\A.txt", "holds a path"),
        ("C:A.txt", "not a plain file name"),
        (".bashrc.txt", "not a plain file name"),
        ("A_RES_62_132", "not accepted"),
        ("A.txt\x00.pdf", "not a plain file name"),
    ],
)
def test_odd_file_names_are_refused(name, reason):
    with pytest.raises(UploadRefused, match=reason):
        check_name(name)
