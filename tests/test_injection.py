"""Text from the data is shown as text: markup typed into any data field (a <script>, an
<img onerror>, a MyST role, a link) reaches the page as visible characters, and a URL that is
not a plain http(s) URL is refused by the data contract with its file, column and row."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bookkit import catalogue, data, ledger, render
from conftest import rewrite_csv

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "{raw:html}`<b>bold</b>`",
    "*not emphasis* and `not code`",
]
PAYLOAD = " ".join(PAYLOADS)
# Tags a payload would have made live. The pages' own markup never has these inside the body.
LIVE = re.compile(r"<(script|img|b)\b|href=\"javascript:|<em>not emphasis", re.I)


def rendered(markdown: str, tmp_path: Path) -> str:
    """``markdown`` as the book renders it (MyST with the book's extensions, through Sphinx):
    the HTML of the page's body."""
    from sphinx.application import Sphinx

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    source = tmp_path / "site"
    (source / "chapters").mkdir(parents=True)
    (source / "index.md").write_text("# Index\n\n```{toctree}\nchapters/page\n```\n", encoding="utf-8")
    (source / "chapters" / "page.md").write_text("# Page\n\n" + markdown + "\n", encoding="utf-8")
    app = Sphinx(
        str(source),
        None,
        str(tmp_path / "out"),
        str(tmp_path / "doctrees"),
        "html",
        confoverrides={
            "extensions": ["myst_parser", "sphinx_design"],
            "myst_enable_extensions": config["parse"]["myst_enable_extensions"],
            "suppress_warnings": ["download.not_readable"],
        },
        status=None,
        warning=None,
        freshenv=True,
    )
    app.build()
    page = (tmp_path / "out" / "chapters" / "page.html").read_text(encoding="utf-8")
    return page[page.index('<section id="page">') : page.rindex("</section>")]


def assert_shown_as_text(page: str, payload: str = PAYLOAD) -> None:
    assert not LIVE.search(page), LIVE.search(page).group(0)
    # Smart quotes are the one change MyST makes to the characters, and they are typography.
    visible = html.unescape(re.sub(r"<[^>]+>", "", page)).translate(str.maketrans("‘’“”", "''\"\""))
    for part in PAYLOADS:
        assert part in visible, f"{part!r} is not shown as text"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """The dataset card, a chapter's source list, the claims ledger and a list-table, made from
    a copy of the data with the payload in every text field they show, rendered in one build."""
    tmp_path = tmp_path_factory.mktemp("injection")
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    package = json.loads((copy / data.PACKAGE_FILE).read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "civilian_casualties")
    resource["title"] = resource["description"] = PAYLOAD
    resource["caveats"] = [PAYLOAD]
    resource["schema"]["fields"][0]["description"] = resource["schema"]["fields"][0]["unit"] = PAYLOAD
    (copy / data.PACKAGE_FILE).write_text(json.dumps(package), encoding="utf-8")
    rewrite_csv(copy / "sources.csv", lambda rows: [rows[0].update(organisation=PAYLOAD, document=PAYLOAD, seen_via=PAYLOAD)])
    rewrite_csv(copy / "claims.csv", lambda rows: [rows[0].update(article_text=PAYLOAD, sources_say=PAYLOAD, note=PAYLOAD)])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BOOKKIT_DATA", str(copy))
        first_source = data.load("sources")["id"].iloc[0]
        parts = {
            "card": catalogue.dataset_card("civilian_casualties"),
            "sources": catalogue.chapter_sources(data.load("civilian_casualties").assign(source_id=first_source)).data,
            "walk": ledger.claims_in_article_order(data.load("claims")).data,
            "table": catalogue.list_table(["A", "B"], [[PAYLOAD, catalogue.MyST("**bold**")]], widths=[50, 50]),
        }
    page = rendered("\n\n".join(f"## Part {name}\n\n{markdown}" for name, markdown in parts.items()), tmp_path)
    return dict(zip(parts, re.split(r"<h2>Part \w+", page)[1:]))


@pytest.mark.parametrize("part", ["card", "sources", "walk", "table"])
def test_data_text_is_shown_as_text(pages, part):
    assert_shown_as_text(pages[part])


def test_markup_the_book_writes_still_works(pages):
    assert 'href="https://' in pages["walk"], "the ledger's source links are still links"
    assert 'href="https://' in pages["sources"]
    assert "<strong>bold</strong>" in pages["table"]
    assert "<code" in pages["card"], "column names are code"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "https://example.org/) <img src=x onerror=alert(1)>",
        "https://example.org/a b",
        'https://example.org/"onmouseover="alert(1)',
        "https://example.org/[x]",
    ],
)
def test_the_contract_refuses_a_url_that_is_not_a_plain_link(data_copy, url):
    def change(rows):
        rows[2]["url"] = url

    rewrite_csv(data_copy / "sources.csv", change)
    with pytest.raises(data.DataError, match=r"data/sources\.csv, column 'url', row at line 4: .*\[rule: safe-url\]"):
        data.validate([data.SOURCES])
    with pytest.raises(data.DataError, match=r"\[rule: safe-url\]"):
        catalogue.link("x", url)


def test_the_contract_refuses_a_resource_path_that_is_not_a_file_name(data_copy):
    path = data_copy / data.PACKAGE_FILE
    package = json.loads(path.read_text(encoding="utf-8"))
    package["resources"][1]["path"] = "x.csv <../evil>"
    path.write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(data.DataError, match=r"datapackage\.json: dataset .* not a plain \.csv file name \[rule: safe-path\]"):
        data.validate()


def test_chart_json_cannot_end_or_open_a_script_element():
    spec = {"title": PAYLOAD, "description": "</script><script>alert(1)</script> & '", "b": 1, "a": 2}
    page = render.chart_html(spec)
    script = re.search(r'<script type="application/json" class="bookkit-chart-spec">(.*?)</script>', page, re.S).group(1)
    assert "<" not in script and ">" not in script and "&" not in script and "'" not in script
    assert json.loads(script) == spec
    assert script.index('"a"') < script.index('"b"'), "keys are sorted (cached pages stay byte-identical)"
