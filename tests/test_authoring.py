"""`briefing add`, `briefing quote` and `briefing draft` on a story of its own, in English and German.

The inputs are made like the real thing: a page as a browser's "save page" writes
it (navigation, cookie banner, share buttons, related articles), a PDF with a
text layer (written by tests/pdf_fixture.py), and a text file with a byte-order
mark and CRLF line ends. Each command's whole output is compared with a file
under tests/authoring/expected/ (`--update-golden` rewrites them; review the diff).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import copy_project, run_build, tree
from .pdf_fixture import pdf_with_lines

HERE = Path(__file__).parent / "authoring"
EXPECTED = HERE / "expected"
PAGE = HERE / "lanford-reservoir.html"
TEXT = HERE / "lennestadt-zukauf.txt"
PRESS_RELEASE = [
    "Pressemitteilung",
    "",
    "Lennestadt, 12. August 2025",
    "",
    "Kallenbach-Talsperre nur noch zu 38 Prozent gefüllt",
    "",
    "Der Füllstand der Kallenbach-Talsperre ist auf rund 38 Prozent gesunken. Verbandsvorsteherin",
    "Karin Weiß sagte am Dienstag: „Wir bitten alle Haushalte, ab sofort sparsam mit Trinkwasser",
    "umzugehen.“",
    "",
    "Laut Deutschem Wetterdienst fielen zwischen April und Juli nur 140 Liter Regen pro Quadratmeter,",
    "fast 45 Prozent weniger als im langjährigen Mittel.",
    "",
    "Betroffen sind mehr als 85.000 Einwohnerinnen und Einwohner in sechs Gemeinden. Der Verband",
    "will ab kommender Woche zwischen 5.000 und 6.000 Kubikmeter Wasser pro Tag zukaufen.",
    "",
    "Seite 1 von 1",
]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with entities but no sources yet, English pages, the inputs in inbox/; the current folder."""
    project = copy_project(tmp_path / "drought", HERE / "seeds")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: de", "language: en"), encoding="utf-8")
    inbox = project / "inbox"
    inbox.mkdir()
    shutil.copy(PAGE, inbox / PAGE.name)
    shutil.copy(TEXT, inbox / TEXT.name)
    (inbox / "pressemitteilung.pdf").write_bytes(
        pdf_with_lines(PRESS_RELEASE, title="Kallenbach-Talsperre nur noch zu 38 Prozent gefüllt")
    )
    monkeypatch.chdir(project)
    return project


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def same_as(name: str, actual: str, update_golden: bool) -> None:
    """Assert `actual` equals the expected file (or rewrite it with --update-golden)."""
    expected = EXPECTED / name
    if update_golden:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


def settle_source(root: Path, grade: str, rationale: str, outlet: str | None = None) -> None:
    """What the editor does after `briefing add`: decide the reliability (and the outlet, when unknown)."""
    register = root / "seeds" / "register" / "sources.yml"
    text = register.read_text(encoding="utf-8")
    text = re.sub(r"grade: TODO.*", f"grade: {grade}", text, count=1)
    text = text.replace("rationale: TODO", f"rationale: {rationale}", 1)
    if outlet:
        text = text.replace("outlet: TODO", f"outlet: {outlet}", 1)
    register.write_text(text, encoding="utf-8")


# briefing add


def added(capsys: pytest.CaptureFixture[str], root: Path, name: str, expected: str, update_golden: bool) -> None:
    """Add inbox/`name`; its report and the register afterwards are as expected/`expected`.*."""
    status, out, err = run(capsys, "add", f"inbox/{name}")
    assert (status, err) == (0, "")
    same_as(f"{expected}.out", out, update_golden)
    register = (root / "seeds/register/sources.yml").read_text(encoding="utf-8")
    same_as(f"{expected}.sources.yml", register, update_golden)


def test_add_a_saved_page(root: Path, capsys: pytest.CaptureFixture[str], update_golden: bool) -> None:
    added(capsys, root, "lanford-reservoir.html", "add-page", update_golden)
    article = root / "seeds/articles/001_reservoir-falls-to-record-low-as-lanford.txt"
    same_as("add-page.article.txt", article.read_text(encoding="utf-8"), update_golden)
    # The evidence is the file as received, byte for byte.
    original = root / "seeds/articles/originals/001_reservoir-falls-to-record-low-as-lanford.html"
    assert original.read_bytes() == PAGE.read_bytes()
    # Navigation, cookie banner, share buttons and related articles are not article text.
    for furniture in ("Accept all", "Sport", "Share this article", "Related articles", "Farmers fear", "newsletter"):
        assert furniture not in article.read_text(encoding="utf-8")


def test_adding_the_same_file_twice_changes_nothing(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "add", "inbox/lanford-reservoir.html")[0] == 0
    before = tree(root / "seeds")
    status, out, err = run(capsys, "add", "inbox/lanford-reservoir.html")
    assert (status, err) == (0, "")
    assert out == (
        "seeds/register/sources.yml:3: already in the register as source "
        "'001-reservoir-falls-to-record-low-as-lanford' (same SHA-256); nothing changed\n"
    )
    assert tree(root / "seeds") == before


def test_add_a_pdf_with_a_text_layer(root: Path, capsys: pytest.CaptureFixture[str], update_golden: bool) -> None:
    added(capsys, root, "pressemitteilung.pdf", "add-pdf", update_golden)
    article = root / "seeds/articles/001_kallenbach-talsperre-nur-noch-zu-38.txt"
    same_as("add-pdf.article.txt", article.read_text(encoding="utf-8"), update_golden)
    original = root / "seeds/articles/originals/001_kallenbach-talsperre-nur-noch-zu-38.pdf"
    assert original.read_bytes() == (root / "inbox/pressemitteilung.pdf").read_bytes()


def test_add_a_text_file_with_crlf_and_a_byte_order_mark(
    root: Path, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    assert TEXT.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in TEXT.read_bytes()
    added(capsys, root, "lennestadt-zukauf.txt", "add-text", update_golden)
    # A text file is the article itself: stored unchanged, byte-order mark and line ends included.
    assert (root / "seeds/articles/001_wasser-wird-knapp-verband-kauft-beim.txt").read_bytes() == TEXT.read_bytes()


def test_added_sources_pass_the_check_once_the_editor_has_decided(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("lanford-reservoir.html", "pressemitteilung.pdf", "lennestadt-zukauf.txt"):
        assert run(capsys, "add", f"inbox/{name}")[0] == 0
    status, _, err = run(capsys, "check")
    assert status == 1
    assert err.count("is still TODO") == 8  # three grades, three rationales, two outlets
    for grade, rationale, outlet in (
        ("B", "Local paper, named correspondent.", None),
        ("C", "Press release of the water board itself.", "Wasserverband Obere Lenne"),
        ("C", "Local paper; agency material.", "Lennestädter Anzeiger"),
    ):
        settle_source(root, grade, rationale, outlet)
    assert run(capsys, "check") == (
        0,
        "3 sources, 8 entities, 0 claims, 0 quotes verified, 0 briefings: no errors\n",
        "",
    )


def test_an_unchanged_original_put_into_seeds_is_used_where_it_is(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    placed = root / "seeds/articles/originals/courier.html"
    placed.parent.mkdir(parents=True)
    shutil.copy(PAGE, placed)
    assert run(capsys, "add", str(placed))[0] == 0
    register = (root / "seeds/register/sources.yml").read_text(encoding="utf-8")
    assert "    original: articles/originals/courier.html\n" in register
    assert sorted(p.name for p in (root / "seeds/articles/originals").iterdir()) == ["courier.html"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "scan.pdf",
            pdf_with_lines([]),
            "inbox/scan.pdf: the PDF has no text layer (scanned pages?); run text recognition first "
            "(e.g. ocrmypdf) or save the article's text as .txt",
        ),
        (
            "broken.pdf",
            b"%PDF-1.4\nthis is no PDF\n",
            "inbox/broken.pdf: not a readable PDF (Stream has ended unexpectedly)",
        ),
        (
            "menu.html",
            b"<html><body><nav><ul><li><a href='/'>Home</a></li></ul></nav></body></html>",
            "inbox/menu.html: trafilatura found no article text in the page; save the page again once it has "
            "loaded completely (the whole page, not only its frame), or save the article's text as .txt",
        ),
        (
            "latin1.txt",
            "Überschrift\n\nText mit Umlauten.\n".encode("latin-1"),
            "inbox/latin1.txt:1: article is not UTF-8: byte 0xdc at offset 0 "
            "(convert it, e.g. iconv -f latin1 -t utf-8; the stored article must be UTF-8)",
        ),
        (
            "notes.docx",
            b"PK\x03\x04",
            "inbox/notes.docx: cannot read '.docx' files; give a saved web page (.html), "
            "a PDF with a text layer (.pdf) or a text file (.txt)",
        ),
        ("empty.html", b"", "inbox/empty.html: the file is empty"),
    ],
)
def test_nothing_is_written_when_extraction_fails(
    root: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    (root / "inbox" / name).write_bytes(content)
    before = tree(root / "seeds")
    assert run(capsys, "add", f"inbox/{name}") == (1, "", f"briefing: {message}\n")
    assert tree(root / "seeds") == before


def test_add_reports_a_missing_file(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "add", "inbox/nowhere.html") == (
        1,
        "",
        "briefing: inbox/nowhere.html: cannot read the file (No such file or directory)\n",
    )


# briefing quote


@pytest.fixture
def page_source(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "add", "inbox/lanford-reservoir.html")[0] == 0
    settle_source(root, "B", "Local paper, named correspondent.")
    return "001-reservoir-falls-to-record-low-as-lanford"


def test_quote_prints_the_exact_passage(page_source: str, capsys: pytest.CaptureFixture[str]) -> None:
    # Remembered with the wrong case and plain quotation marks: printed as the article has it.
    assert run(capsys, "quote", page_source, "hosepipe ban would come into force on friday") == (
        0,
        f"- source: {page_source}\n  quote: hosepipe ban would come into force on Friday\n",
        "",
    )


def test_quote_forgives_what_quote_normalization_forgives(page_source: str, capsys: pytest.CaptureFixture[str]) -> None:
    # Typed with straight quotation marks, the passage is printed with the page's own.
    words = '"We have had the driest spring and summer in fifty years'
    assert run(capsys, "quote", page_source, words) == (
        0,
        f"- source: {page_source}\n  quote: “We have had the driest spring and summer in fifty years\n",
        "",
    )


def test_quote_found_twice_is_told_apart(
    page_source: str, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    status, out, err = run(capsys, "quote", page_source, "Lanford Water said")
    assert (status, err) == (0, "")
    same_as("quote-twice.out", out, update_golden)


def test_quote_not_found_offers_the_closest_passages(
    page_source: str, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    status, out, err = run(capsys, "quote", page_source, "the ban covers watering the garden and washing the car")
    assert (status, err) == (1, "")
    same_as("quote-closest.out", out, update_golden)


def test_quote_names_an_unknown_source(page_source: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "quote", "001-reservoir-falls", "words") == (
        1,
        "",
        "briefing: unknown source '001-reservoir-falls'; "
        "did you mean '001-reservoir-falls-to-record-low-as-lanford'?\n",
    )


# briefing draft


def fill_in(draft: str) -> str:
    """What the editor decides: a statement, a credibility, a claimant, what each figure counts and where."""
    filled = draft.replace("statement: TODO", "statement: As the article reports it.")
    filled = filled.replace("credibility: TODO", "credibility: 3")
    filled = filled.replace("claimant: TODO", "claimant: ruth-abara")
    filled = filled.replace("unit: TODO", "unit: units")
    filled = filled.replace("counts: TODO", "counts: what the passage counts")
    return filled.replace("scope: TODO", "scope: as the passage says")


def test_draft_proposes_claims_for_a_saved_page(
    root: Path, page_source: str, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    status, out, err = run(capsys, "draft", page_source)
    assert (status, err) == (0, "")
    same_as("draft-page.yml", out, update_golden)
    # Saved as a register file, the skeletons fail the check only where a person must decide ...
    drafted = root / "seeds/register/claims-drafted.yml"
    drafted.write_text(out, encoding="utf-8")
    status, _, err = run(capsys, "check")
    assert status == 1
    reported = re.findall(r"field '([\w.\[\]]+)' is still TODO", err)
    assert set(reported) == {
        "statement",
        "credibility",
        "claimant",
        "quantities[0].counts",
        "quantities[0].scope",
        "quantities[1].counts",
        "quantities[1].scope",
        "quantities[2].counts",
        "quantities[2].scope",
    }
    # ... and pass once the TODOs are filled.
    drafted.write_text(fill_in(out), encoding="utf-8")
    assert run(capsys, "check") == (
        0,
        "1 sources, 8 entities, 11 claims, 11 quotes verified, 0 briefings: no errors\n",
        "",
    )
    # Claims now cite every sentence: a second draft has nothing left to propose, and says so in valid YAML.
    assert run(capsys, "draft", page_source) == (
        0,
        f"# Claim skeletons for source '{page_source}': 0 sentences no claim cites, most telling first.\n"
        "# Keep the ones that carry a claim, write every TODO, list each claim in a briefing, run briefing check.\n"
        "claims: []\n",
        "",
    )


def test_draft_reads_german_figures_and_reported_speech(
    root: Path, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    assert run(capsys, "add", "inbox/pressemitteilung.pdf")[0] == 0
    settle_source(root, "C", "Pressemitteilung des Verbands selbst.", "Wasserverband Obere Lenne")
    status, out, err = run(capsys, "draft", "001-kallenbach-talsperre-nur-noch-zu-38")
    assert (status, err) == (0, "")
    same_as("draft-pdf.yml", out, update_golden)
    (root / "seeds/register/claims-drafted.yml").write_text(fill_in(out), encoding="utf-8")
    status, out, err = run(capsys, "check")
    assert (status, err) == (0, "")
    assert out.endswith("quotes verified, 0 briefings: no errors\n")


# The README's walk-through: from a saved page to a published claim


@pytest.mark.e2e
def test_from_a_saved_page_to_a_published_claim(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 1. Add the page: article text, original, source entry.
    assert run(capsys, "add", "inbox/lanford-reservoir.html")[0] == 0
    # 2. Decide what only a person can: the reliability.
    settle_source(root, "B", "Local paper, named correspondent.")
    source = "001-reservoir-falls-to-record-low-as-lanford"
    # 3. Find the exact passage and paste it as the claim's citation.
    status, citation, _ = run(capsys, "quote", source, "a hosepipe ban would come into force on friday")
    assert status == 0
    register = root / "seeds" / "register"
    (register / "claims.yml").write_text(
        "claims:\n"
        "  - id: hosepipe-ban-from-friday\n"
        "    statement: Lanford Water bans hosepipes from Friday.\n"
        "    claimant: lanford-water\n"
        "    asserted: 2025-08-13\n"
        "    citations:\n" + "".join(f"      {line}\n" for line in citation.splitlines()) + "    credibility: 2\n"
        "    topics: [restrictions]\n"
        "briefings:\n"
        "  - id: restrictions\n"
        "    title: Restrictions\n"
        "    summary: What households may no longer do.\n"
        "    claims: [hosepipe-ban-from-friday]\n",
        encoding="utf-8",
    )
    # 4. Check and publish.
    assert run(capsys, "check")[1] == "1 sources, 8 entities, 1 claims, 1 quotes verified, 1 briefings: no errors\n"
    built = run_build(root)
    assert built.returncode == 0, built.stderr
    topic = (root / "site/briefing/topics/restrictions/index.html").read_text(encoding="utf-8")
    assert "Lanford Water bans hosepipes from Friday." in topic
    page = (root / f"site/briefing/sources/{source}/index.html").read_text(encoding="utf-8")
    assert '<mark class="quote">a hosepipe ban would come into force on Friday</mark>' in page
    fragment = (
        "https://www.lanford-courier.example/news/2025/08/14/reservoir-falls-to-record-low"
        "#:~:text=a%20hosepipe%20ban%20would%20come%20into%20force%20on%20Friday"
    )
    assert f'<a class="quote-original" href="{fragment}">in the original</a>' in page
    # The stored files with their digests, for a reader who wants to check a copy of the evidence.
    assert re.search(
        r"<li><strong>File as received:</strong> "
        r"articles/originals/001&#95;reservoir-falls-to-record-low-as-lanford\.html"
        r" \(SHA-256 <code>[0-9a-f]{64}</code>\)</li>",
        page,
    )
