"""Editions from the register's git history: the changes page, each claim's history line, the Atom feed."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from generator.pipeline import generate
from generator.register.history import read_history
from generator.register.load import load_register
from generator.register.models import Overview
from generator.settings import Settings

from .conftest import REPO, run_build


def _git(root: Path, *args: str, when: str = "2024-11-01T12:00:00+00:00") -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Analyst",
        "GIT_AUTHOR_EMAIL": "analyst@example.org",
        "GIT_COMMITTER_NAME": "Analyst",
        "GIT_COMMITTER_EMAIL": "analyst@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    result = subprocess.run(["git", *args], cwd=root, env=environment, capture_output=True, text=True, check=True)
    return result.stdout


def _edit(settings: Settings, file: str, old: str, new: str) -> None:
    path = settings.register / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(settings: Settings, message: str, when: str) -> None:
    _git(settings.root, "add", "seeds", when=when)
    _git(settings.root, "commit", "-q", "-m", message, when=when)


NEW_CLAIM = """  - id: sprecher-spaeter-bestaetigt
    statement: Der Sprecher bestätigt später die Berichte.
    citations:
      - source: 001-bericht
        quote: Der Sprecher wies die Berichte zurück
        suffix: ", später"
    credibility: 3
    topics: [truppen]
"""


@pytest.fixture
def repository(project: Callable[..., Settings]) -> Settings:
    """A project with three commits: the base register; a claim added and a status changed;
    a figure revised, a claim renamed and a key judgment changed with its reason."""
    settings = project()
    _edit(
        settings,
        "briefings.yml",
        "  key_figures:",
        "  editions:\n"
        "    - label: Eins\n      date: 2024-11-02\n"
        "    - label: Zwei\n      date: 2024-11-09\n"
        "  key_figures:",
    )
    _git(settings.root, "init", "-q", "-b", "main")
    _commit(settings, "Register", "2024-11-01T09:00:00+00:00")
    _edit(
        settings,
        "claims.yml",
        "    status: unconfirmed\n    credibility: 3",
        "    status: confirmed\n    credibility: 3",
    )
    _edit(settings, "claims.yml", "  - id: minister-kein-einsatz", NEW_CLAIM + "  - id: minister-kein-einsatz")
    _edit(
        settings,
        "briefings.yml",
        "      - sprecher-dementi",
        "      - sprecher-dementi\n      - sprecher-spaeter-bestaetigt",
    )
    _commit(settings, "Status confirmed, one claim more", "2024-11-05T10:00:00+00:00")
    _edit(settings, "claims.yml", "        value: 10000\n", "        value: 11000\n")
    _edit(
        settings,
        "claims.yml",
        "  - id: minister-kein-einsatz\n",
        "  - id: minister-ohne-kampfeinsatz\n    former_ids: [minister-kein-einsatz]\n",
    )
    for file in ("claims.yml", "briefings.yml"):
        path = settings.register / file
        text = path.read_text(encoding="utf-8").replace(
            "      - minister-kein-einsatz", "      - minister-ohne-kampfeinsatz"
        )
        path.write_text(text.replace("claim: minister-kein-einsatz", "claim: minister-ohne-kampfeinsatz"))
    _edit(
        settings,
        "briefings.yml",
        "      likelihood: very_likely\n",
        "      likelihood: likely\n      change_note: Die neue Zahl ist nur eine Schätzung.\n",
    )
    _commit(settings, "Figure revised, claim renamed, judgment lowered", "2024-11-12T08:30:00+00:00")
    return settings


def test_the_changes_page_lists_each_edition_against_the_one_before(repository: Settings) -> None:
    generate(repository)
    page = (repository.output / "changes.md").read_text(encoding="utf-8")
    body = page.split("{: .changes-feed }\n\n", 1)[1]
    assert body == (
        "## Änderungen nach der letzten Ausgabe, Stand 12. November 2024 { #after }\n"
        "\n"
        "### Geänderte Behauptungen (2)\n"
        "\n"
        '- <span id="after-minister-fast-10000-eingereist"></span>'
        "[`minister-fast-10000-eingereist`](topics/truppen.md#minister-fast-10000-eingereist)"
        " Fast 10.000 Soldaten sind eingereist.\n"
        "    - Zahlen: &#49;0.000 Soldaten (ungefähr, im Land) → &#49;1.000 Soldaten (ungefähr, im Land)\n"
        '- <span id="after-minister-ohne-kampfeinsatz"></span>'
        "[`minister-ohne-kampfeinsatz`](topics/truppen.md#minister-ohne-kampfeinsatz)"
        " Der Minister sieht noch keinen Kampfeinsatz.\n"
        "    - umbenannt, vorher: minister-kein-einsatz\n"
        "\n"
        "### Kernaussagen (1)\n"
        "\n"
        '- <span id="after-truppen-im-land"></span>Geänderte Kernaussage:'
        " [wahrscheinlich: Mehrere tausend Soldaten sind im Land.](../index.md#truppen-im-land)\n"
        "    - Vorher: sehr wahrscheinlich: Mehrere tausend Soldaten sind im Land.\n"
        "    - Begründung: Die neue Zahl ist nur eine Schätzung.\n"
        "\n"
        "## Ausgabe Zwei vom 9. November 2024 { #edition-2024-11-09 }\n"
        "\n"
        "### Neue Behauptungen (1)\n"
        "\n"
        '- <span id="edition-2024-11-09-sprecher-spaeter-bestaetigt"></span>'
        "[`sprecher-spaeter-bestaetigt`](topics/truppen.md#sprecher-spaeter-bestaetigt)"
        " Der Sprecher bestätigt später die Berichte.\n"
        "\n"
        "### Geänderte Behauptungen (1)\n"
        "\n"
        '- <span id="edition-2024-11-09-geheimdienst-7000-an-der-grenze"></span>'
        "[`geheimdienst-7000-an-der-grenze`](topics/truppen.md#geheimdienst-7000-an-der-grenze)"
        " Der Geheimdienst meldet 7.000 Soldaten an der Grenze.\n"
        "    - Status: unbestätigt → bestätigt\n"
        "\n"
        "## Ausgabe Eins vom 2. November 2024 { #edition-2024-11-02 }\n"
        "\n"
        "Erste Ausgabe mit 4 Behauptungen aus 2 Quellen und 1 Kernaussagen. [Alle Behauptungen](claims.md)\n"
    )


def test_each_claim_card_names_when_it_came_in_and_its_latest_change(repository: Settings) -> None:
    generate(repository)
    topic = (repository.output / "topics" / "truppen.md").read_text(encoding="utf-8")
    assert (
        "[Neu: Ausgabe Eins vom 2. November 2024](../changes.md#edition-2024-11-02) · "
        "[Status geändert am 5. November 2024: unbestätigt → bestätigt]"
        "(../changes.md#edition-2024-11-09-geheimdienst-7000-an-der-grenze)\n{: .claim-history }"
    ) in topic
    # A renamed claim keeps the day it came in under its old id.
    assert "[Neu: Ausgabe Eins vom 2. November 2024](../changes.md#edition-2024-11-02)\n{: .claim-history }" in topic
    home = (repository.docs / repository.layout.home_fragment).read_text(encoding="utf-8")
    assert "Ausgabe: [Änderungen nach der letzten Ausgabe, Stand 12. November 2024](briefing/changes.md#after)." in home


def test_the_feed_has_one_entry_per_change_with_stable_ids(repository: Settings) -> None:
    generate(repository)
    first = (repository.output / "feed.xml").read_text(encoding="utf-8")
    feed = feedparser.parse(first)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    root = _git(repository.root, "rev-list", "--max-parents=0", "HEAD").strip()
    assert [(e.id, e.title, e.link) for e in feed.entries] == [
        (
            f"urn:briefing:{root}:edition-2024-11-02",
            "Ausgabe Eins vom 2. November 2024",
            "briefing/changes/#edition-2024-11-02",
        ),
        (
            f"urn:briefing:{root}:edition-2024-11-09:sprecher-spaeter-bestaetigt",
            "Neue Behauptung: Der Sprecher bestätigt später die Berichte.",
            "briefing/claims/#sprecher-spaeter-bestaetigt",
        ),
        (
            f"urn:briefing:{root}:edition-2024-11-09:geheimdienst-7000-an-der-grenze",
            "Geänderte Behauptung: Der Geheimdienst meldet 7.000 Soldaten an der Grenze.",
            "briefing/claims/#geheimdienst-7000-an-der-grenze",
        ),
        (
            f"urn:briefing:{root}:after:minister-fast-10000-eingereist",
            "Geänderte Behauptung: Fast 10.000 Soldaten sind eingereist.",
            "briefing/claims/#minister-fast-10000-eingereist",
        ),
        (
            f"urn:briefing:{root}:after:minister-ohne-kampfeinsatz",
            "Geänderte Behauptung: Der Minister sieht noch keinen Kampfeinsatz.",
            "briefing/claims/#minister-ohne-kampfeinsatz",
        ),
        (
            f"urn:briefing:{root}:after:truppen-im-land",
            "Geänderte Kernaussage: Mehrere tausend Soldaten sind im Land.",
            "./#truppen-im-land",
        ),
    ]
    assert feed.entries[2].summary == "Ausgabe Zwei vom 9. November 2024\nStatus: unbestätigt → bestätigt"
    assert (
        feed.entries[5].summary == "Änderungen nach der letzten Ausgabe, Stand 12. November 2024\n"
        "Begründung: Die neue Zahl ist nur eine Schätzung."
    )
    # Rebuilt from scratch, the feed is the same to the byte.
    (repository.work / "state.json").unlink()
    generate(repository)
    assert (repository.output / "feed.xml").read_text(encoding="utf-8") == first


def test_a_site_url_makes_the_feed_links_absolute(repository: Settings) -> None:
    config = repository.root / "mkdocs.yml"
    with_url = Settings.from_mkdocs(config)
    generate(type(with_url)(**{**with_url.__dict__, "site_url": "https://example.org/briefing/"}))
    feed = feedparser.parse((repository.output / "feed.xml").read_text(encoding="utf-8"))
    assert feed.entries[1].link == "https://example.org/briefing/briefing/claims/#sprecher-spaeter-bestaetigt"


def test_uncommitted_edits_show_as_unpublished_in_the_preview_only(repository: Settings) -> None:
    _edit(repository, "claims.yml", "    status: denied\n", "    status: disputed\n")
    generate(repository, preview=True)
    page = (repository.output / "changes.md").read_text(encoding="utf-8")
    assert "## Unveröffentlichte Änderungen vom " in page
    assert "Diese Änderungen sind noch nicht veröffentlicht; sie erscheinen nur in der Vorschau." in page
    assert "    - Status: dementiert → umstritten\n" in page
    feed = feedparser.parse((repository.output / "feed.xml").read_text(encoding="utf-8"))
    assert all(":unpublished:" not in entry.id for entry in feed.entries)
    generate(repository)
    assert "Unveröffentlicht" not in (repository.output / "changes.md").read_text(encoding="utf-8")


def test_a_folder_outside_git_builds_without_history_and_says_why(project: Callable[..., Settings]) -> None:
    settings = project()
    result = run_build(settings.root)
    assert result.returncode == 0, result.stderr
    assert (
        f"briefing: note: {settings.root} is not in a git repository: the site is built without history\n"
        in result.stderr
    )
    page = (settings.output / "changes.md").read_text(encoding="utf-8")
    assert "Für dieses Briefing ist keine Versionsgeschichte verfügbar." in page
    assert "claim-history" not in (settings.output / "topics" / "truppen.md").read_text(encoding="utf-8")
    html = (settings.root / "site" / "briefing" / "changes" / "index.html").read_text(encoding="utf-8")
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Änderungen als Atom-Feed abonnieren" '
        'href="../../feed.xml">'
    ) in html
    feed = feedparser.parse((settings.root / "site" / "feed.xml").read_text(encoding="utf-8"))
    assert not feed.bozo and feed.entries == []


def test_a_shallow_clone_builds_without_history_and_says_why(repository: Settings, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repository.root}", str(clone))
    history = read_history(clone, clone / "seeds" / "register", [], preview=False)
    assert history.editions == ()
    assert history.notice == (
        "the repository is a shallow clone: the site is built without history "
        "(fetch the whole history, e.g. actions/checkout with fetch-depth: 0)"
    )


def test_the_seed_briefing_history_gives_a_complete_first_edition() -> None:
    register, problems = load_register(REPO / "seeds" / "register", REPO)
    assert problems == []
    overview: Overview = register.overviews[0].record
    history = read_history(REPO, REPO / "seeds" / "register", overview.editions, preview=False)
    if _git(REPO, "rev-parse", "--is-shallow-repository").strip() == "true":
        assert history.notice.startswith("the repository is a shallow clone")
        return
    assert history.notice == ""
    first = history.editions[0]
    assert first.first
    claims = {c.record.id for c in register.claims}
    # Every claim of today's register that was in the first edition came in there, none twice.
    firsts = [c.claim for c in first.claims if c.kind == "added"]
    assert len(firsts) == len(set(firsts))
    assert set(history.claims) == claims
    assert {record.added.key for record in history.claims.values()} <= {e.key for e in history.editions}


def test_versions_seen_once_are_read_back_from_the_cache(repository: Settings, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    declared = load_register(repository.register, repository.root)[0].overviews[0].record.editions
    first = read_history(repository.root, repository.register, declared, preview=False, cache=cache)
    entries = sorted(cache.iterdir())
    assert len(entries) == 8  # four register files, two of them changed in each later commit
    again = read_history(repository.root, repository.register, declared, preview=False, cache=cache)
    assert again == first
    assert sorted(cache.iterdir()) == entries
