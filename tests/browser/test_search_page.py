"""The search page as its visitors see it: a field they can find (a border that stands out, WCAG
1.4.11) and excerpts that read as text (they used to glue labels to values:
« PratiqueAmateurMilieuRural… »)."""

from __future__ import annotations

import re

from browsing import Tab

# A lower-case letter straight before a capital: two words glued together.
GLUED = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")


def channels(rgb: str) -> tuple[list[float], float]:
    """The red, green, blue (0–1) and alpha of a computed `rgb(…)` / `rgba(…)` colour."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", rgb)]
    return [n / 255 for n in numbers[:3]], numbers[3] if len(numbers) > 3 else 1.0


def luminance(rgb: list[float]) -> float:
    """Relative luminance (WCAG) of an opaque colour."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(colour: str, background: str) -> float:
    """Contrast ratio of `colour` (blended on `background` when translucent) against `background`."""
    front, alpha = channels(colour)
    back, _ = channels(background)
    seen = [alpha * f + (1 - alpha) * b for f, b in zip(front, back, strict=True)]
    high, low = sorted((luminance(seen), luminance(back)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_search_field_has_a_border_that_stands_out(tab: Tab, demo_server: str) -> None:
    tab.open(demo_server + "recherche/")
    style = tab.page.evaluate(
        """() => {
          const field = document.querySelector('#recherche-q');
          const s = getComputedStyle(field);
          let behind = field.parentElement;
          while (getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') behind = behind.parentElement;
          return {width: parseFloat(s.borderTopWidth), style: s.borderTopStyle, color: s.borderTopColor,
                  page: getComputedStyle(behind).backgroundColor};
        }"""
    )
    assert style["width"] >= 1 and style["style"] != "none", style
    assert contrast(style["color"], style["page"]) >= 3, style
    assert contrast("rgba(0, 0, 0, 0.07)", style["page"]) < 3  # Material's faint lines would not do


def test_search_excerpts_do_not_glue_words_together(tab: Tab, demo_server: str) -> None:
    excerpts = []
    for query in ("amateur", "rural", "théâtre", "musique"):
        tab.open(f"{demo_server}recherche/?q={query}")
        tab.page.wait_for_selector(".maillage-results li")
        excerpts += tab.page.eval_on_selector_all(".maillage-results li", "items => items.map(li => li.innerText)")
    assert len(excerpts) > 10
    glued = [text for text in excerpts if GLUED.search(text)]
    assert glued == []
    assert GLUED.search("PratiqueAmateurMilieuRural")  # what the check is for


def test_the_search_page_loads_ten_results_first_and_ten_more_on_request(tab: Tab, demo_server: str) -> None:
    """Each result shown is one more Pagefind file (its excerpt): the page fetches ten, then ten
    more when asked, and takes the focus to the first result added."""
    fragments: list[str] = []
    tab.page.on("request", lambda request: fragments.append(request.url) if ".pf_fragment" in request.url else None)
    visit = tab.open(f"{demo_server}recherche/?q=vosges")
    page = tab.page
    page.wait_for_selector(".maillage-results li")
    total = int(page.inner_text("[data-maillage-search-results] > p").split()[0])
    assert total > 10  # the demo says « Vosges » on many entries
    assert page.locator(".maillage-results li").count() == 10
    assert len(set(fragments)) == 10
    more = page.locator("[data-maillage-search-results] > button")
    expected = "Afficher les 10 résultats suivants" if total > 20 else f"Afficher les {total - 10} derniers résultats"
    assert more.inner_text() == expected
    more.click()
    page.wait_for_function("""() => { const items = document.querySelectorAll('.maillage-results li');
      return items.length > 10 && document.activeElement === items[10].querySelector('a'); }""")
    assert page.locator(".maillage-results li").count() == min(total, 20)
    assert len(set(fragments)) == min(total, 20)
    assert page.locator("[data-maillage-search-results] > button").count() == (1 if total > 20 else 0)
    assert visit.console_errors == [] and visit.page_errors == []
