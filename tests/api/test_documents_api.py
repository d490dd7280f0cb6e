from tests.api.test_search_api import _assert_error
from tests.ingest.test_loaders import minimal_pdf

MD = (
    "---\nid: upload-doc\nlang: en\ntype: guide\n---\n# Cooling water\n\nCooling water "
    "from a power station can warm a fish farm.\n"
)


def test_upload_lists_searches_and_deletes(client, services):
    response = client.post("/api/documents", files={"file": ("cool.md", MD, "text/markdown")})
    assert response.status_code == 201, response.text
    assert response.json()["doc_id"] == "upload-doc" and response.json()["n_chunks"] == 1
    assert [d["doc_id"] for d in client.get("/api/documents").json()] == ["upload-doc"]
    hits = client.get("/api/search", params={"q": "cooling water fish farm"}).json()
    assert hits[0]["doc_id"] == "upload-doc"
    assert client.delete("/api/documents/upload-doc").status_code == 204
    assert client.get("/api/documents").json() == []
    assert not (services.settings.uploads_dir / "cool.md").exists()
    assert client.get("/api/search", params={"q": "cooling water fish farm"}).json() == []


def test_re_upload_replaces_instead_of_duplicating(client):
    client.post("/api/documents", files={"file": ("cool.md", MD, "text/markdown")})
    changed = MD.replace("fish farm", "greenhouse")
    assert client.post("/api/documents", files={"file": ("cool.md", changed)}).status_code == 201
    docs = client.get("/api/documents").json()
    assert len(docs) == 1
    assert client.get("/api/search", params={"q": "greenhouse"}).json()[0]["doc_id"] == "upload-doc"


def test_pdf_upload(client):
    response = client.post(
        "/api/documents",
        files={
            "file": ("tax.pdf", minimal_pdf("Landfill tax is 130 EUR per tonne"), "application/pdf")
        },
    )
    assert response.status_code == 201 and response.json()["format"] == "pdf"


def test_upload_checks_content_not_extension(client):
    _assert_error(
        client.post("/api/documents", files={"file": ("fake.pdf", b"hello")}),
        415,
        "unsupported_file",
    )
    _assert_error(
        client.post("/api/documents", files={"file": ("x.exe", b"MZ")}), 415, "unsupported_file"
    )
    assert client.get("/api/documents").json() == []


def test_upload_size_limit(client, services):
    services.settings.upload_max_bytes = 100
    _assert_error(
        client.post("/api/documents", files={"file": ("big.md", "x" * 101)}), 413, "too_large"
    )


def test_invalid_front_matter_is_rejected_and_nothing_is_stored(client, services):
    bad = "---\nid: x\nlang: de\n---\n# X\ntext"
    _assert_error(
        client.post("/api/documents", files={"file": ("bad.md", bad)}), 422, "invalid_input"
    )
    assert client.get("/api/documents").json() == []
    assert not (services.settings.uploads_dir / "bad.md").exists()


def test_delete_unknown_document(client):
    _assert_error(client.delete("/api/documents/nope"), 404, "not_found")


def test_missing_file_field(client):
    _assert_error(client.post("/api/documents"), 422, "validation_error")
