"""A synthetic briefing corpus of any size, for the benchmark and the scale tests.

Sources are German-like articles built from a fixed vocabulary; every claim
quotes a passage cut from one or more of them, so quote verification does real
work. The same size and seed always give the same corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NOUNS = _words(
    "Regierung Truppen Soldaten Grenze Ministerium Sprecher Armee Region Abkommen Waffen Munition Lieferung "
    "Geheimdienst Bericht Angaben Einheiten Offiziere Front Verhandlungen Sanktionen Außenminister Präsident "
    "Bündnis Sicherheit Lage Angriff Verteidigung Zusammenarbeit Partnerschaft Erklärung Besuch Gipfel Übung"
)
VERBS = _words(
    "meldete bestätigte dementierte erklärte berichtete kündigte verlegte prüfte kritisierte forderte "
    "begrüßte warnte bezifferte schätzte beobachtete unterzeichnete lieferte entsandte verstärkte"
)
ADJECTIVES = _words(
    "nordkoreanische russische ukrainische südkoreanische amerikanische militärische neue weitere "
    "umfassende strategische gegenseitige erhebliche offizielle mögliche frühere östliche"
)
PLACES = _words("Kursk Donezk Moskau Pjöngjang Seoul Kiew Charkiw Wladiwostok Chabarowsk Belgorod")


def _sentence(rng: random.Random, serial: int) -> str:
    words = [
        rng.choice(ADJECTIVES).capitalize(),
        rng.choice(NOUNS),
        rng.choice(VERBS),
        f"am {rng.randint(1, 28)}. Oktober",
        f"rund {rng.randint(1, 99) * 100:,}".replace(",", "."),
        rng.choice(ADJECTIVES),
        rng.choice(NOUNS),
        "in",
        rng.choice(PLACES),
        f"(Meldung {serial})",
    ]
    return " ".join(words) + "."


def _article(rng: random.Random, number: int, paragraphs: int) -> list[list[str]]:
    serial = number * 100_000
    text = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            serial += 1
            sentences.append(_sentence(rng, serial))
        text.append(sentences)
    return text


def generate(target: Path, claims: int, seed: int = 7) -> Path:
    """Write a runnable project with `claims` claims into `target` (replacing it)."""
    rng = random.Random(seed)
    shutil.rmtree(target, ignore_errors=True)
    (target / "seeds" / "articles").mkdir(parents=True)
    (target / "seeds" / "register").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs", ignore=shutil.ignore_patterns("briefing"))

    n_sources = max(5, claims // 25)
    n_entities = max(10, claims // 20)
    n_topics = max(3, min(40, claims // 250))
    articles = {}
    sources = []
    for number in range(n_sources):
        ident = f"{number:05d}-bericht"
        text = _article(rng, number, rng.randint(8, 16))
        articles[ident] = text
        body = f"Bericht {number}\n\n" + "\n\n".join(" ".join(p) for p in text) + "\n"
        data = body.encode("utf-8")
        (target / "seeds" / "articles" / f"{ident}.txt").write_bytes(data)
        sources.append(
            {
                "id": ident,
                "file": f"articles/{ident}.txt",
                "sha256": hashlib.sha256(data).hexdigest(),
                "title": f"Bericht {number}",
                "outlet": f"Medium {number % 17}",
                "published": f"2024-11-{number % 28 + 1:02d}",
                "language": "de",
                "cites": [f"Agentur {number % 5}"],
                "reliability": {"grade": "BCDF"[number % 4], "rationale": "Synthetische Quelle."},
            }
        )
    entities = [
        {
            "id": f"akteur-{n:05d}",
            "name": f"Akteur {n}",
            "type": ("person", "organisation", "place")[n % 3],
            "aliases": [{"name": f"Bericht {n % n_sources}", "sources": [f"{n % n_sources:05d}-bericht"]}],
        }
        for n in range(n_entities)
    ]
    topics = [f"thema-{n:03d}" for n in range(n_topics)]
    records = []
    for n in range(claims):
        source_ids = rng.sample(sorted(articles), k=1 if n % 3 else 2)
        citations = []
        for ident in source_ids:
            paragraph = rng.choice(articles[ident])
            citations.append({"source": ident, "quote": rng.choice(paragraph), "via": [f"Agentur {n % 5}"]})
        record = {
            "id": f"behauptung-{n:06d}",
            "statement": f"Synthetische Behauptung {n} über {rng.choice(NOUNS)} in {rng.choice(PLACES)}.",
            "claimant": f"akteur-{rng.randrange(n_entities):05d}",
            "asserted": f"2024-10-{n % 28 + 1:02d}",
            "citations": citations,
            "status": ("reported", "confirmed", "unconfirmed", "denied", "disputed")[n % 5],
            "credibility": n % 6 + 1,
            "topics": [topics[n % n_topics]],
            "entities": [f"akteur-{rng.randrange(n_entities):05d}"],
        }
        if n % 4 == 0:
            record["quantities"] = [
                {
                    "measure": f"Messgröße {n % 7}",
                    "value": rng.randint(1, 200) * 100,
                    "exactness": "approximate",
                    "unit": "Soldaten",
                    "counts": "gemeldete Soldaten",
                    "scope": rng.choice(PLACES),
                    "as_of": f"2024-10-{n % 28 + 1:02d}",
                }
            ]
        if n % 5 == 0 and n > 0:
            record["relations"] = [
                {
                    "type": ("contradicts", "supports", "differs_in_scope")[n % 3],
                    "claim": f"behauptung-{n - 1:06d}",
                    "note": "Synthetisch.",
                }
            ]
        records.append(record)
    briefings = [
        {
            "id": topic,
            "title": f"Thema {index}",
            "summary": f"Zusammenfassung des Themas {index}.",
            "claims": [r["id"] for r in records if r["topics"] == [topic]],
        }
        for index, topic in enumerate(topics)
    ]
    overview = {
        "title": "Synthetisches Lagebild",
        "summary": "Ein Korpus für Messungen.",
        "key_figures": [r["id"] for r in records[:40] if "quantities" in r][:5],
    }

    def dump(name: str, data: object) -> None:
        text = yaml.dump(data, allow_unicode=True, sort_keys=False, width=120, Dumper=yaml.CSafeDumper)
        (target / "seeds" / "register" / name).write_text(text, encoding="utf-8")

    dump("sources.yml", {"sources": sources})
    dump("entities.yml", {"entities": entities})
    for part in range(0, claims, 2500):  # several claim files, as editors would keep them
        dump(f"claims-{part // 2500:02d}.yml", {"claims": records[part : part + 2500]})
    dump("briefings.yml", {"overview": overview, "briefings": briefings})
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--claims", type=int, default=1000)
    args = parser.parse_args()
    generate(args.target, args.claims)
    print(f"wrote a project with {args.claims} claims to {args.target}")


if __name__ == "__main__":
    main()
