from pathlib import Path

from sqlmodel import Session, select

from assistant.models import Chunk, Document
from tests.conftest import SAMPLE_EN


def _ids(services) -> set[str]:
    with Session(services.engine) as session:
        return set(session.exec(select(Chunk.id)).all())


def test_first_ingest_adds_everything_and_indexes_every_chunk(services, kb_dir):
    report = services.ingestor.ingest_paths([kb_dir])
    assert sorted(report.added) == ["sample-by-products-en", "sample-landfill-tax-lv"]
    assert report.chunks_embedded == len(_ids(services)) > 0
    assert services.vectors.ids() == _ids(services)


def test_re_ingest_embeds_nothing_when_nothing_changed(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    report = services.ingestor.ingest_paths([kb_dir])
    assert report.counts()["skipped"] == 2
    assert report.chunks_embedded == 0 and not report.added and not report.updated


def test_changed_document_is_updated_and_only_it_is_embedded(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    path = kb_dir / "by-products-en.md"
    path.write_text(
        SAMPLE_EN.replace("## Sawdust example", "## Bark example\nBark too.\n## Sawdust example"),
        "utf-8",
    )
    report = services.ingestor.ingest_paths([kb_dir])
    assert report.updated == ["sample-by-products-en"]
    assert report.skipped == ["sample-landfill-tax-lv"]
    with Session(services.engine) as session:
        doc = session.exec(select(Document).where(Document.doc_id == "sample-by-products-en")).one()
    assert report.chunks_embedded == doc.n_chunks == 3  # conditions, bark, sawdust
    assert services.vectors.ids() == _ids(services)


def test_deleted_file_removes_document_chunks_and_vectors(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    (kb_dir / "landfill-tax-lv.md").unlink()
    report = services.ingestor.ingest_paths([kb_dir])
    assert report.deleted == ["sample-landfill-tax-lv"]
    assert not any(cid.startswith("sample-landfill-tax-lv#") for cid in _ids(services))
    assert services.vectors.ids() == _ids(services)


def test_ingesting_one_file_does_not_delete_the_others(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    report = services.ingestor.ingest_paths([kb_dir / "by-products-en.md"])
    assert not report.deleted and report.skipped == ["sample-by-products-en"]


def test_broken_and_unsupported_files_are_reported_and_the_rest_ingested(services, kb_dir):
    (kb_dir / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (kb_dir / "bad-front.md").write_text("---\nid: [unclosed\n---\n# x\ny", "utf-8")
    unsupported = kb_dir.parent / "table.xlsx"
    unsupported.write_bytes(b"PK\x03\x04")
    report = services.ingestor.ingest_paths([kb_dir, unsupported])
    failed = {Path(p).name for p, _ in report.failed}
    assert failed == {"broken.pdf", "bad-front.md", "table.xlsx"}
    assert len(report.added) == 2
    assert services.vectors.ids() == _ids(services)


def test_duplicate_document_id_is_rejected_without_touching_the_first(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    (kb_dir / "copy.md").write_text(SAMPLE_EN.replace("Sawdust", "Chips"), "utf-8")
    report = services.ingestor.ingest_paths([kb_dir])
    assert [Path(p).name for p, _ in report.failed] == ["copy.md"]
    assert "already used" in report.failed[0][1]
    with Session(services.engine) as session:
        doc = session.exec(select(Document).where(Document.doc_id == "sample-by-products-en")).one()
    assert doc.source.endswith("by-products-en.md")


def test_next_run_heals_a_vector_index_that_lost_or_gained_entries(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    lost = sorted(services.vectors.ids())[:2]
    services.vectors.delete(lost)
    import numpy as np

    services.vectors.upsert(["ghost#0"], np.ones((1, 256), dtype=np.float32), [{"doc_id": "g"}])
    services.ingestor.ingest_paths([kb_dir])
    assert services.vectors.ids() == _ids(services)


def test_reindex_rebuilds_vectors_from_sql_without_embedding(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    services.vectors.reset()
    assert services.ingestor.reindex() == len(_ids(services))
    assert services.vectors.ids() == _ids(services)


def test_delete_document_by_id(services, kb_dir):
    services.ingestor.ingest_paths([kb_dir])
    services.ingestor.delete_document("sample-by-products-en")
    assert all(not c.startswith("sample-by-products-en#") for c in services.vectors.ids())
