"""The draw's section on the site: what a visitor reads, everything escaped."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from draw_fixture import COMMITTED, DRAND_VALUE, RUN_DATE, actor, cli, draw_data, drawn, members, mixed_actors

from maillage.cli import main
from maillage.draw.page import render_section
from maillage.model import default_schemas, load_commons
from maillage.site.fields import FieldRenderer
from maillage.site.labels import Labels
from maillage.site.richtext import RichText


def section_of(path: Path) -> str:
    commons = load_commons(path.parent.parent)
    return str(render_section(commons.entries[path.stem], commons))


def test_prepared_draw_shows_rules_commitments_and_how_to_check(make_draw) -> None:
    path = make_draw(mixed_actors(), draw_data())
    CliRunner().invoke(main, ["tirage", "preparer", str(path), "--maintenant", COMMITTED])
    html = section_of(path)
    assert "2 groupe(s) de 3 personnes" in html
    assert "Quota : Pratique : Amateur — au moins 1 par groupe" in html
    assert "maillage tirage verifier content/tirages/tirage-essai.md" in html
    assert "Règles figées et publiées, en attente de l&#39;aléa" in html
    assert "60,0 %" in html  # each volunteer's probability
    assert "https://api.drand.sh/" in html


def test_drawn_draw_shows_groups_seed_deadline_and_answers(make_draw) -> None:
    path = make_draw(mixed_actors(), draw_data())
    runner = CliRunner()
    runner.invoke(main, ["tirage", "preparer", str(path), "--maintenant", COMMITTED])
    runner.invoke(
        main, ["tirage", "tirer", str(path), "--drand-valeur", DRAND_VALUE, "--des", "3,5,1", "--maintenant", RUN_DATE]
    )
    html = section_of(path)
    assert "Groupe 1" in html and "Groupe 2" in html
    assert 'datetime="2026-01-25T13:00:00+00:00"' in html
    assert "25 janvier 2026 à 14 h 00" in html  # Paris time
    assert "data-maillage-countdown" in html
    assert "en attente" in html
    assert DRAND_VALUE in html


def test_contributed_text_is_escaped_and_unpublishable_people_are_not_named(make_draw) -> None:
    actors = mixed_actors() | {"a-01": actor("amateur", nom="<script>alert(1)</script>")}
    path = make_draw(actors, draw_data(vivier={"liste": sorted(actors)}))
    CliRunner().invoke(main, ["tirage", "preparer", str(path), "--maintenant", COMMITTED])
    html = section_of(path)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The person behind a-02 withdraws consent after the commitments: no name any more.
    withdrawn = path.parent.parent / "acteurs" / "a-02.md"
    withdrawn.write_text(withdrawn.read_text().replace("forme: organisation", "forme: personne"))
    assert "personne non publiée" in section_of(path)


def test_generic_information_block_leaves_the_draw_fields_to_its_section(make_draw) -> None:
    path = drawn(make_draw)
    cli("confirmer", str(path), members(path)[0], "--maintenant", "2026-01-11T10:00:00Z")
    commons = load_commons(path.parent.parent)
    renderer = FieldRenderer(Labels(default_schemas()), RichText(), lambda _id: None)
    titles = {shown.title for shown in renderer.shown_fields(commons.entries[path.stem])}
    machine = {"Engagements", "Graine", "Résultat", "Réponses", "Journal", "Groupes", "Quotas", "Vivier"}
    assert not titles & (machine | {"Source publique d'aléa"})
    assert "Période de travail" in titles
