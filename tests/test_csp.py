"""The content security policy: its text, the scripts it allows, where it goes, its settings;
and, through the real `briefing build`, what a project sees when a page or a setting is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.register.problems import InvalidInput
from generator.settings import Settings
from generator.site import csp

from .conftest import run_build

THEME = csp.theme_scripts(
    [
        '<head><script>__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location)</script>',
        "<body><script>var palette=__md_get('__palette');</script>",
        '<script id="__config" type="application/json">{{ config | tojson }}</script>',
        "<script src=\"{{ 'bundle.js' | url }}\"></script>",
        "<script>{% if x %}var x=1;{% endif %}</script>",
        "<script>var a = '  {{- x -}}  ';</script>",
        "<script>{{ x }}</script>",
    ]
)

PAGE = """<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <link rel="stylesheet" href="main.css">
    <script>__md_scope=new URL("../..",location)</script>
  </head>
  <body>
    <script>var palette=__md_get('__palette');</script>
    <article><p>Text</p><script type="application/ld+json">{"@type": "Claim"}</script></article>
    <script id="__config" type="application/json">{"base": "."}</script>
    <script src="bundle.js"></script>
  </body>
</html>
"""

BASE = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


def _policy_of(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert match is not None, html
    return match[1]


# --- the policy text -----------------------------------------------------------------------------


def test_a_page_without_inline_scripts_gets_the_base_policy() -> None:
    assert csp.policy(csp.PolicySettings(), []) == BASE


def test_hashes_are_those_a_browser_computes() -> None:
    # SHA-256 of the empty string, base64: the value every CSP implementation documents.
    assert csp.script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    # The browser's parser turns CR LF and lone CR into LF before the text is hashed.
    assert csp.script_hash("a\r\nb\rc") == csp.script_hash("a\nb\nc")
    assert csp.script_hash("ä") != csp.script_hash("a")


def test_the_theme_scripts_on_the_page_are_allowed_by_hash_and_nothing_else_inline() -> None:
    page = csp.protect(PAGE, csp.PolicySettings(), THEME)
    hashes = [
        csp.script_hash('__md_scope=new URL("../..",location)'),
        csp.script_hash("var palette=__md_get('__palette');"),
    ]
    assert _policy_of(page.html) == BASE.replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' " + " ".join(hashes))
    assert page.blocked == ()
    policy = _policy_of(page.html)
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


def test_an_inline_script_the_theme_did_not_write_is_left_out_and_reported() -> None:
    injected = PAGE.replace("<p>Text</p>", "<p>Text</p><script>alert(document.cookie)</script>")
    # A template expression may render a URL into the string, but not close it and add code.
    escaped = PAGE.replace('URL("../..",location)', 'URL("",alert(1),"",location)')
    for html, script in [
        (injected, "alert(document.cookie)"),
        (escaped, '__md_scope=new URL("",alert(1),"",location)'),
    ]:
        page = csp.protect(html, csp.PolicySettings(), THEME)
        assert page.blocked == (script,)
        assert csp.script_hash(script) not in _policy_of(page.html)


def test_theme_scripts_with_a_statement_or_a_value_outside_a_string_are_not_foreseen() -> None:
    assert not THEME.allows("var x=1;")
    assert not THEME.allows("")
    assert not THEME.allows("alert(1)")
    # Jinja's white space control is followed: "-" strips the blanks inside the quotes.
    assert THEME.allows("var a = 'b';")
    assert not THEME.allows("var a = 'b'; alert(1); '';")


def test_the_policy_comes_first_in_head_after_the_character_set() -> None:
    html = csp.protect(PAGE, csp.PolicySettings(), THEME).html
    head = html[html.index("<head>") : html.index("</head>")]
    assert re.match(r'<head>\s*<meta charset="utf-8"><meta http-equiv="Content-Security-Policy"', head)
    assert head.index("Content-Security-Policy") < head.index("<link") < head.index("<script")
    without_charset = PAGE.replace('<meta charset="utf-8">', "")
    assert (
        '<head><meta http-equiv="Content-Security-Policy"'
        in csp.protect(without_charset, csp.PolicySettings(), THEME).html
    )
    # Only a charset that opens the head moves the policy behind it.
    late_charset = PAGE.replace('<meta charset="utf-8">', '<title>t</title><meta charset="utf-8">')
    assert (
        '<head><meta http-equiv="Content-Security-Policy"'
        in csp.protect(late_charset, csp.PolicySettings(), THEME).html
    )


def test_json_ld_of_the_body_moves_into_the_head_and_is_not_hashed() -> None:
    html = csp.protect(PAGE, csp.PolicySettings(), THEME).html
    block = '<script type="application/ld+json">{"@type": "Claim"}</script>'
    assert html.count(block) == 1
    assert html.index(block) < html.index("</head>")
    assert "<article><p>Text</p></article>" in html
    assert csp.script_hash('{"@type": "Claim"}') not in html
    # Other data blocks stay where the theme put them.
    assert html.index('<script id="__config"') > html.index("<body>")


def test_a_page_without_head_or_with_a_script_before_it_is_refused() -> None:
    with pytest.raises(csp.PolicyPlacementError, match="no <head> element"):
        csp.protect("<p>no head</p>", csp.PolicySettings(), THEME)
    with pytest.raises(csp.PolicyPlacementError, match="a script before its <head>"):
        csp.protect("<script>x()</script><head></head>", csp.PolicySettings(), THEME)


def test_no_policy_when_turned_off() -> None:
    assert csp.protect(PAGE, csp.read_settings(False), THEME).html == PAGE


def test_the_live_preview_allows_inline_scripts_wholesale() -> None:
    settings = csp.PolicySettings(live_reload=True)
    text = _policy_of(csp.protect(PAGE, settings, THEME).html)
    assert "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline';" in text
    assert "sha256" not in text  # a hash would make the browser ignore 'unsafe-inline'


# --- settings ------------------------------------------------------------------------------------


def test_a_project_adds_sources_per_directive() -> None:
    settings = csp.read_settings(
        {
            "script-src": ["https://scripts.example.org", "'wasm-unsafe-eval'"],
            "img-src": ["https://images.example.org", "data:"],
            "media-src": "https://media.example.org:8443/clips/",
        }
    )
    text = csp.policy(settings, ["'sha256-AAAA'"])
    # The search's 'wasm-unsafe-eval' is in the base policy already: listed once.
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-AAAA' https://scripts.example.org;" in text
    assert "img-src 'self' data: https://images.example.org;" in text  # data: only once
    assert text.endswith("; media-src https://media.example.org:8443/clips/")
    assert csp.read_settings(None) == csp.read_settings(True) == csp.PolicySettings()


def test_every_mistake_in_the_settings_is_reported_at_its_line(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\n"
        "site_url: !ENV [SITE_URL, '']\n"
        "extra:\n"
        "  briefing:\n"
        "    csp:\n"
        "      frame-ancestors: [\"'none'\"]\n"
        "      scripts-src: [https://cdn.example.org]\n"
        "      img-src: {host: x}\n"
        "      connect-src: ['https://api.example.org; script-src *', \"'self'\"]\n"
    )
    with pytest.raises(InvalidInput) as raised:
        csp.read_settings(
            {
                "frame-ancestors": ["'none'"],
                "scripts-src": ["https://cdn.example.org"],
                "img-src": {"host": "x"},
                "connect-src": ["https://api.example.org; script-src *", "'self'"],
            },
            config,
        )
    directives = ", ".join(sorted(csp.DIRECTIVES))
    assert raised.value.report() == (
        "mkdocs.yml:6: extra.briefing.csp: 'frame-ancestors' has no effect in a policy given by a <meta> element\n"
        "  hint: remove it; only a host that sends response headers can apply it (GitHub Pages cannot)\n"
        "mkdocs.yml:7: extra.briefing.csp: unknown directive 'scripts-src'\n"
        f"  hint: use one of {directives}\n"
        "mkdocs.yml:8: extra.briefing.csp.img-src must be a list of sources\n"
        "  hint: write e.g. `img-src: [https://example.org]`\n"
        "mkdocs.yml:9: extra.briefing.csp.connect-src: 'https://api.example.org; script-src *' is not a source\n"
        "  hint: give one host (https://example.org), scheme (data:) or quoted keyword (\"'self'\") "
        "per list item, without spaces, ';' or ','\n"
        "4 errors; nothing was written."
    )


def test_settings_that_are_not_a_mapping_are_refused() -> None:
    with pytest.raises(InvalidInput) as raised:
        csp.read_settings(["img-src"])
    assert str(raised.value.problems[0]) == (
        "mkdocs.yml:1: extra.briefing.csp must map directives to lists of sources, or be false\n"
        "  hint: write e.g. `csp: {img-src: [https://images.example.org]}`, or `csp: false` to send no policy"
    )


# --- through the real build ----------------------------------------------------------------------


def _set_csp(config: Path, setting: str) -> None:
    """Put `csp: <setting>` under extra.briefing in mkdocs.yml, whatever of that path exists."""
    lines = config.read_text(encoding="utf-8").splitlines()
    entry = [f"    csp: {setting}"]
    if "extra:" not in lines:
        lines += ["extra:", "  briefing:", *entry]
    elif "  briefing:" in lines[lines.index("extra:") :]:
        at = lines.index("  briefing:", lines.index("extra:"))
        lines[at + 1 : at + 1] = entry
    else:
        at = lines.index("extra:")
        lines[at + 1 : at + 1] = ["  briefing:", *entry]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.e2e
def test_wrong_settings_stop_the_build_before_it_writes_the_site(project: Callable[..., Settings]) -> None:
    settings = project()
    _set_csp(settings.root / "mkdocs.yml", "{report-uri: [/csp]}")
    result = run_build(settings.root)
    assert result.returncode == 1, result.stdout + result.stderr
    line = (settings.root / "mkdocs.yml").read_text().splitlines().index("    csp: {report-uri: [/csp]}") + 1
    assert (
        "briefing: the content security policy settings have errors\n"
        f"mkdocs.yml:{line}: extra.briefing.csp: 'report-uri' has no effect in a policy given by a <meta> element\n"
        "  hint: remove it; only a host that sends response headers can apply it (GitHub Pages cannot)\n"
        "1 error; nothing was written."
    ) in result.stderr
    assert not (settings.root / "site").exists()


@pytest.mark.e2e
def test_an_inline_script_in_a_page_fails_the_strict_build(project: Callable[..., Settings]) -> None:
    settings = project()
    (settings.root / "docs" / "notes.md").write_text("# Notizen\n\n<script>track('notes')</script>\n")
    result = run_build(settings.root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "WARNING -  notes.md: the content security policy blocks an inline script that the theme did not write: "
        "\"track('notes')\"; move it into a file listed under extra_javascript"
    ) in result.stderr


@pytest.mark.e2e
def test_a_project_can_turn_the_policy_off(project: Callable[..., Settings]) -> None:
    settings = project()
    _set_csp(settings.root / "mkdocs.yml", "false")
    result = run_build(settings.root)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = list((settings.root / "site").rglob("*.html"))
    assert pages
    assert not any("Content-Security-Policy" in page.read_text(encoding="utf-8") for page in pages)
