from assistant.ingest.chunking import chunk_document, split_text
from assistant.ingest.loaders import _markdown_sections
from assistant.ingest.parsed import ParsedDocument


def _doc(markdown: str) -> ParsedDocument:
    title, sections = _markdown_sections(markdown)
    return ParsedDocument(
        doc_id="d",
        title=title or "T",
        lang="en",
        type="guide",
        jurisdiction="EU",
        sources=[],
        format="markdown",
        sections=sections,
    )


def test_section_path_keeps_heading_and_subheading():
    doc = _doc("# Title\nintro\n## Law\nlaw text\n### Article 5\nart text\n## Practice\np")
    paths = [c.section for c in chunk_document(doc, 500)]
    assert paths == ["Title", "Title > Law", "Title > Law > Article 5", "Title > Practice"]


def test_headings_inside_code_fences_are_text():
    doc = _doc("# T\n## A\n```\n# not a heading\n```\n")
    chunks = chunk_document(doc, 500)
    assert len(chunks) == 1 and "# not a heading" in chunks[0].text


def test_long_sections_split_under_the_limit_without_losing_words():
    paragraph = " ".join(f"Sentence number {i} is here." for i in range(200))
    pieces = split_text(paragraph + "\n\n" + paragraph, 400)
    assert all(len(p) <= 400 for p in pieces)
    assert " ".join(pieces).split() == (paragraph + " " + paragraph).split()


def test_ordinals_are_sequential_across_sections():
    doc = _doc("# T\n## A\n" + "word " * 300 + "\n## B\nshort")
    ordinals = [c.ordinal for c in chunk_document(doc, 300)]
    assert ordinals == list(range(len(ordinals))) and len(ordinals) >= 3
