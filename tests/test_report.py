"""`alliances report`: one offline HTML page, checked as text and in a real browser (Debian's
chromium, headless, with name resolution off: any request would fail and be logged)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import BUNDLED, ONE_EVENT_CANNOT_APPLY, invoke, run

import alliances_cli as al

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def page_data(html: str) -> dict:
    found = re.search(
        r'<script type="application/json" id="alliances-data">(.*?)</script>', html, re.S
    )
    assert found is not None
    assert "<" not in found.group(1)
    return json.loads(found.group(1))


class _References(HTMLParser):
    """Every attribute of the page that could make the browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "srcset", "poster", "data", "action") and value:
                self.fetched.append(f"{tag} {name}={value}")
            if name == "href" and value:
                (self.links if tag == "a" else self.fetched).append(f"{tag} href={value}")


@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report") / "report.html"
    result = run("report", "-o", str(target))
    assert result.returncode == 0, result.stderr
    return target


def test_the_page_is_self_contained_and_fetches_nothing(bundled_page: Path) -> None:
    html = bundled_page.read_text(encoding="utf-8")
    references = _References()
    references.feed(html)
    assert references.fetched == []  # no script, style, font or image from anywhere
    assert all(link.startswith(("a href=#", "a href=http")) for link in references.links)
    assert "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html  # and the browser is told to refuse any request


def test_the_same_input_gives_the_same_bytes(bundled_page: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.html"
    assert run("report", "-j", "1", "-o", str(again)).returncode == 0  # (default: one per core)
    assert again.read_bytes() == bundled_page.read_bytes()
    # A notebook's page is the command's page.
    assert al.report(al.load()) == bundled_page.read_text(encoding="utf-8")


def test_the_embedded_data_is_the_json_the_cli_prints(bundled_page: Path) -> None:
    data = page_data(bundled_page.read_text(encoding="utf-8"))
    assert data["show"] == json.loads(run("show", "-f", "json").stdout)
    robust = json.loads(run("robust", "-s", "500", "-f", "json").stdout)
    assert data["robust"] == robust
    events = [e.id for e in al.load(BUNDLED).events]
    for document, event in zip(data["whatif"], events, strict=True):
        assert document == json.loads(run("whatif", event, "-f", "json").stdout)


def test_each_stress_point_quotes_the_evidence_show_cites_for_it(bundled_page: Path) -> None:
    # One picker for every format: the page's quotes under a point are the quoted pieces
    # of the evidence `show --evidence` lists for that point, in its order.
    import html as markup

    from alliances_cli.reports.html import QUOTED

    page = bundled_page.read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="stress-row".*?</tr>', page, re.S)
    analysis = al.analyse(al.load()).result
    assert len(rows) == len(analysis.stress)
    for row, point in zip(rows, analysis.stress, strict=True):
        quoted = [markup.unescape(q) for q in re.findall(r"“(.*?)”", row)]
        says = [r.evidence.says for r in point.evidence if r.evidence.says]
        assert quoted == says[:QUOTED], point.kind
        more = len(says) - QUOTED
        assert (f"and {more} more" in row) == (more > 0)


def test_each_map_says_whether_its_partition_is_one_of_several(bundled_page: Path) -> None:
    page = bundled_page.read_text(encoding="utf-8")
    start = page.index('<section id="coalitions"')
    page = page[start : page.index("<section", start + 1)]  # the what-if maps come later
    show = json.loads(run("show", "-f", "json").stdout)
    views = {v["id"]: v for v in show["theaters"]} | {"overall": show["overall"]}
    captions = re.findall(
        r'<figure class="map-figure" data-view="([^"]+)">.*?class="meta">([^<]*)</p>', page, re.S
    )
    assert {key for key, _ in captions} == set(views)
    for key, caption in captions:
        optima = views[key]["optima"]
        if optima["count"] > 1:
            assert f"one of {optima['count']} (the map shows one)" in caption, caption
        else:
            assert caption.endswith("proven optimal, unique"), caption


def test_events_given_make_one_what_if_and_user_text_is_escaped(tmp_path: Path) -> None:
    text = BUNDLED.read_text(encoding="utf-8").replace(
        "title: Curious alliances amid the Mosul operation",
        "title: \"<script>alert('x')</script> & co\"",
    )
    scenario = tmp_path / "hostile.yaml"
    scenario.write_text(text, encoding="utf-8")
    html = run("report", str(scenario), "turkey-exclusion", "-s", "0").stdout
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert html.count('<article class="whatif">') == 1
    assert 'id="robust"' not in html


def _browse(page: Path, extra_script: str = "") -> tuple[str, str]:
    """(the DOM after the page's scripts ran, chromium's log) for a copy of `page` with
    `extra_script` run after the page's own."""
    assert CHROMIUM is not None
    copy = page.with_name(f"probe-{page.name}")
    html = page.read_text(encoding="utf-8")
    copy.write_text(html.replace("</body>", f"<script>{extra_script}</script></body>"), "utf-8")
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--dump-dom",
            copy.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout, done.stderr


def _console(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line or "net::ERR" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (.ci/run installs it)")
def test_in_a_browser_the_page_loads_clean_with_every_actor_on_its_maps(bundled_page: Path) -> None:
    dom, log = _browse(bundled_page)
    assert _console(log) == []
    scenario = al.load(BUNDLED)
    for theater in scenario.theaters:
        for actor in theater.actors:
            assert f'id="actor-{theater.id}-{actor}"' in dom
    for actor in {a for t in scenario.theaters for a in t.actors}:
        assert f'id="actor-overall-{actor}"' in dom


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (.ci/run installs it)")
def test_in_a_browser_a_click_on_a_stress_point_highlights_its_actors(bundled_page: Path) -> None:
    dom, log = _browse(bundled_page, 'document.querySelector("tr.stress-row").click();')
    assert _console(log) == []
    first = page_data(bundled_page.read_text(encoding="utf-8"))["show"]["stress"][0]
    highlighted = set(re.findall(r'class="actor hl" data-actor="([^"]+)"', dom))
    assert highlighted == set(first["actors"])
    assert '<body class="dim">' in dom
    clicked = 'document.querySelector("#actor-aleppo-turkey").dispatchEvent(new Event("click"));'
    dom, log = _browse(bundled_page, clicked)
    assert _console(log) == []
    details = dom[dom.index('id="details"') :]
    assert "Turkey in Aleppo" in details and "brought Russia and Turkey a step closer" in details


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (.ci/run installs it)")
def test_in_a_browser_an_error_or_a_request_would_show(bundled_page: Path) -> None:
    """The checks above can fail: a script error and a blocked request are both logged."""
    _, log = _browse(
        bundled_page, 'var i = new Image(); i.src = "http://example.com/x.png"; nosuch();'
    )
    messages = _console(log)
    assert any("nosuch" in m for m in messages)
    assert any("example.com" in m for m in messages)


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (.ci/run installs it)")
def test_a_thirty_actor_report_loads_clean(tmp_path: Path) -> None:
    from test_layout import generated

    scenario = generated(3)
    source = tmp_path / "thirty.yaml"
    source.write_text(al.dump(scenario), encoding="utf-8")
    page = tmp_path / "thirty.html"
    assert run("report", str(source), "-s", "50", "-o", str(page)).returncode == 0
    dom, log = _browse(page)
    assert _console(log) == []
    for theater in scenario.theaters:
        for actor in theater.actors:
            assert f'id="actor-{theater.id}-{actor}"' in dom


def test_a_network_too_large_to_map_says_so_and_lists_its_camps(tmp_path: Path) -> None:
    cow = Path(__file__).resolve().parents[2] / "shared" / "data" / "signed-networks" / "cow"
    if not cow.is_dir():
        pytest.skip("needs ../shared/data/signed-networks/cow")
    page = tmp_path / "cow.html"
    assert run("report", str(cow / "90-93.csv"), "-s", "20", "-o", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "<svg" not in html
    assert "155 actors: too many for a map whose names can be read" in html
    assert html.count("Each in a camp of its own") == 1 and "<strong>USA</strong>" in html


def test_a_theater_nobody_is_engaged_in_is_drawn_and_said_so(tmp_path: Path) -> None:
    # Was exit 70: laying out no camps took the max of an empty list (issue 34, item 1).
    scenario = tmp_path / "empty.yaml"
    scenario.write_text(
        "id: t\ntitle: t\nactors: [{id: turkey}, {id: russia}]\n"
        "theaters: [{id: syria, actors: []}]\n"
        "ties: [{between: [russia, turkey], stance: enemy}]\n",
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    assert invoke("report", str(scenario), "-s", "20", "-o", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert '<p class="meta">no actor engaged</p>' in html
    assert "<td>-</td><td>-</td><td>-</td><td>no actor engaged</td>" in html
    assert "No actor engaged: nothing to sample." in html and "Every pair is firm" not in html
    picture = tmp_path / "map.svg"
    assert invoke("graph", str(scenario), "-o", str(picture)).returncode == 0
    assert "no actor engaged" in picture.read_text(encoding="utf-8")


def test_a_named_event_that_cannot_apply_is_listed_and_the_page_still_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        ONE_EVENT_CANNOT_APPLY,
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    done = run("report", str(path), "-s", "0", "-o", str(page))
    assert done.returncode == 0
    why = "'c' is not engaged in 't' (never, or excluded by an earlier operation); include it first"
    assert done.stderr.splitlines() == [
        f"alliances: event 'c-leaves' is left out of the page: {why}",
        f"wrote {page}",
    ]
    html = page.read_text(encoding="utf-8")
    assert "Events that cannot apply" in html and "<b>c-leaves</b>" in html
    assert html.count('<section id="whatif">') == 1 and ">nudge<" in html
    asked = run("report", str(path), "c-leaves", "-s", "0", "-o", str(tmp_path / "x.html"))
    assert asked.returncode == 1 and not (tmp_path / "x.html").exists()


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (.ci/run installs it)")
def test_in_a_browser_a_two_actor_map_stays_at_most_twice_its_size(
    tmp_path: Path, bundled_page: Path
) -> None:
    """The card's width blew a two-actor map up to a column 1,400 px tall; a map is now shown
    at most twice its natural size, which leaves the bundled maps as they were."""
    source = tmp_path / "two.yaml"
    source.write_text(
        "id: two\ntitle: Two\nactors: [{id: a}, {id: b}]\n"
        "theaters: [{id: t, actors: [a, b]}]\nties: [{between: [a, b], stance: enemy}]\n",
        encoding="utf-8",
    )
    page = tmp_path / "two.html"
    assert run("report", str(source), "-s", "0", "-o", str(page)).returncode == 0
    measure = (
        "document.body.dataset.sizes = Array.from(document.querySelectorAll('svg.map'))"
        ".map(s => Math.round(s.getBoundingClientRect().height)).join(' ');"
    )
    heights = lambda dom: [int(h) for h in re.search(r'data-sizes="([^"]*)"', dom)[1].split()]  # noqa: E731
    two = heights(_browse(page, measure)[0])
    assert two and max(two) < 600, two  # was 1,686 px (here 436)
    bundled = heights(_browse(bundled_page, measure)[0])
    assert min(bundled) > 150, bundled  # the bundled maps fill their cards, as before
