"""Uploaded files: the type comes from the content, the size is bounded, the name is cleaned,
and downloads are attachments the browser may not sniff or run."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperation.models import RequestAttachment
from tests.factories import RequestFactory
from uploads.responses import attachment_response
from uploads.validation import DOCUMENTS, DOCUMENTS_AND_IMAGES, MEGABYTE, check_upload

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def refusal(name: str, content: bytes, **limits) -> str:
    limits = {"allowed": DOCUMENTS, "max_size": MEGABYTE} | limits
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content), **limits)
    return refused.value.code


def test_a_pdf_is_recognised_by_its_content():
    checked = check_upload(
        upload("Terms of reference.pdf", PDF), allowed=DOCUMENTS, max_size=MEGABYTE
    )

    assert (checked.name, checked.content_type, checked.size) == (
        "Terms-of-reference.pdf",
        "application/pdf",
        len(PDF),
    )


def test_the_extension_follows_the_content_not_the_name():
    checked = check_upload(upload("scan.pdf", PNG), allowed=DOCUMENTS_AND_IMAGES, max_size=MEGABYTE)

    assert (checked.name, checked.content_type) == ("scan.png", "image/png")


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", HTML), ("cv.docx", EXE), ("notes.pdf", b"plain text, no magic number")],
)
def test_content_of_another_kind_is_refused_whatever_the_name(name, content):
    assert refusal(name, content) == "file_type"


def test_an_image_is_refused_where_only_documents_are_accepted():
    assert refusal("photo.pdf", PNG) == "file_type"


def test_a_file_over_the_size_limit_is_refused():
    assert refusal("big.pdf", PDF + b"0" * MEGABYTE) == "file_too_large"


def test_an_empty_file_is_refused():
    assert refusal("empty.pdf", b"") == "empty"


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\ana\\Évaluation finale.pdf", "Evaluation-finale.pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        (".htaccess", "htaccess.pdf"),
        ("report.pdf.exe", "report.pdf.pdf"),
        ("план работы.pdf", "file.pdf"),
        ("a" * 300 + ".pdf", "a" * 80 + ".pdf"),
        ("name\x00.pdf", "name.pdf"),
    ],
)
def test_file_names_are_cleaned(name, cleaned):
    checked = check_upload(upload(name, PDF), allowed=DOCUMENTS, max_size=MEGABYTE)

    assert checked.name == cleaned


@pytest.mark.django_db
def test_downloads_are_attachments_that_are_neither_sniffed_nor_run():
    attachment = RequestAttachment(request=RequestFactory())
    attachment.file.save("stored.pdf", ContentFile(PDF), save=False)

    response = attachment_response(
        attachment.file, name="Evaluation-finale.pdf", content_type="application/pdf"
    )

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Evaluation-finale.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF
    response.close()
