"""Job Blender Day pairings: optimal, explained, deterministic, written as valid rencontres."""

from __future__ import annotations

import pytest
from meet_crafted import AMATEUR_RURAL, EPINAL, MIRECOURT, NANCY, PRO_URBAIN, actor, project, write_commons

from maillage.meet.pairing import PairingError, pair, write_meetups
from maillage.model import load_commons

HOST = ["hote_immersion"]


def edition_entries(visitors=("amateurs-epinal", "pros-mirecourt", "amateurs-mirecourt"), hosts=None):
    entries = [
        actor("theatre-epinal", EPINAL, PRO_URBAIN, roles=HOST, propose=["lieu_repetition"]),
        actor("ferme-mirecourt", MIRECOURT, AMATEUR_RURAL, roles=HOST, propose=["hebergement"]),
        actor("musee-nancy", NANCY, PRO_URBAIN, roles=HOST),
        actor("amateurs-epinal", EPINAL, AMATEUR_RURAL, recherche=["lieu_repetition"]),
        actor("pros-mirecourt", MIRECOURT, PRO_URBAIN, recherche=["hebergement"]),
        actor("amateurs-mirecourt", MIRECOURT, AMATEUR_RURAL),
        actor("personne-cachee", EPINAL, AMATEUR_RURAL, forme="personne", nature="artiste"),
        actor("porteuse", EPINAL, PRO_URBAIN),
    ]
    members = [("porteuse", "porteur")] + [(h, "partenaire") for h in (hosts or [])]
    members += [(v, "participant") for v in visitors]
    entries.append(project("journee", members, titre="Journée d'immersion 2027", date_debut="2027-03-18",
                           outils=[]))
    return entries


def test_visitors_go_to_other_worlds_nearby(tmp_path):
    commons = write_commons(tmp_path / "content", edition_entries(hosts=["theatre-epinal", "ferme-mirecourt"]))
    result = pair(commons, "journee", places=2)
    assert {(p.visitor, p.host) for p in result.pairs} == {
        ("amateurs-epinal", "theatre-epinal"),  # other worlds, same commune, the stage it needs
        ("pros-mirecourt", "ferme-mirecourt"),  # other worlds, same commune, the lodging it needs
        ("amateurs-mirecourt", "theatre-epinal"),  # other worlds beats same commune
    }
    by_visitor = {p.visitor: p for p in result.pairs}
    assert by_visitor["amateurs-epinal"].line == (
        "univers différents (amateur ↔ professionnel, rural ↔ urbain) ; tous deux à Épinal ; "
        "l'hôte propose un lieu de répétition, que le visiteur recherche"
    )
    assert by_visitor["amateurs-mirecourt"].line == (
        "univers différents (amateur ↔ professionnel, rural ↔ urbain) ; même département (Vosges)"
    )
    assert result.unmatched == []


def test_hosts_default_to_every_actor_who_hosts_and_capacity_is_respected(tmp_path):
    commons = write_commons(tmp_path / "content", edition_entries())
    result = pair(commons, "journee", places=1)
    hosts = [p.host for p in result.pairs]
    assert len(hosts) == len(set(hosts)) == 3
    assert "musee-nancy" in hosts  # three visitors, one place each: the far host is needed


def test_too_few_places_leave_visitors_without_host(tmp_path):
    commons = write_commons(tmp_path / "content", edition_entries(hosts=["theatre-epinal"]))
    result = pair(commons, "journee", places=2)
    assert len(result.pairs) == 2 and len(result.unmatched) == 1


def test_pairing_is_deterministic(tmp_path):
    commons = write_commons(tmp_path / "content", edition_entries())
    runs = [pair(commons, "journee", places=p) for p in (1, 1, 2, 2)]
    assert runs[0].pairs == runs[1].pairs and runs[2].pairs == runs[3].pairs
    assert [(p.host, p.visitor) for p in runs[2].pairs] == sorted((p.host, p.visitor) for p in runs[2].pairs)


def test_persons_without_consent_are_never_paired(tmp_path):
    commons = write_commons(tmp_path / "content", edition_entries(visitors=("personne-cachee", "amateurs-epinal")))
    result = pair(commons, "journee")
    assert [p.visitor for p in result.pairs] == ["amateurs-epinal"]
    assert "personne-cachee" not in result.names


def test_written_meetups_are_valid_entries_of_the_commons(tmp_path):
    content = tmp_path / "content"
    commons = write_commons(content, edition_entries(hosts=["theatre-epinal", "ferme-mirecourt"]))
    written = write_meetups(commons, pair(commons, "journee", places=2))
    assert sorted(p.name for p in written) == [
        "journee-d-immersion-2027-chez-ferme-mirecourt.md", "journee-d-immersion-2027-chez-theatre-epinal.md"]
    reloaded = load_commons(content)
    assert not reloaded.errors, [p.format() for p in reloaded.errors]
    meetup = reloaded.entries["journee-d-immersion-2027-chez-theatre-epinal"]
    assert meetup.data["hote"] == "theatre-epinal"
    assert meetup.data["participants"] == ["amateurs-epinal", "amateurs-mirecourt"]
    assert meetup.data["debut"] == "2027-03-18T09:00:00+01:00" and meetup.data["fin"] == "2027-03-18T17:00:00+01:00"
    assert meetup.data["lance_par"] == ["porteuse"] and meetup.data["projet"] == "journee"
    assert "tous deux à Épinal" in meetup.body
    # A second run never overwrites what the first wrote.
    with pytest.raises(PairingError, match="existe déjà"):
        write_meetups(reloaded, pair(reloaded, "journee", places=2))


def test_bad_editions_get_french_errors(tmp_path):
    commons = write_commons(tmp_path / "content", edition_entries())
    with pytest.raises(PairingError, match="fiche inconnue : nulle-part"):
        pair(commons, "nulle-part")
    with pytest.raises(PairingError, match="n'est pas une édition"):
        pair(commons, "theatre-epinal")


def test_pair_command_writes_meetups(tmp_path):
    import json

    from click.testing import CliRunner

    from maillage.cli import main

    content = tmp_path / "content"
    write_commons(content, edition_entries(hosts=["theatre-epinal", "ferme-mirecourt"]))
    runner = CliRunner()
    shown = runner.invoke(main, ["rencontres", "apparier", "journee", "--contenu", str(content), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["fiches_ecrites"] == []
    written = runner.invoke(main, ["rencontres", "apparier", "journee", "--contenu", str(content), "--ecrire"])
    assert written.exit_code == 0, written.output
    assert "2 fiche(s) de rencontre écrite(s)" in written.output
    again = runner.invoke(main, ["rencontres", "apparier", "journee", "--contenu", str(content), "--ecrire"])
    assert again.exit_code == 1 and "existe déjà" in again.output
    unknown = runner.invoke(main, ["rencontres", "apparier", "inconnue", "--contenu", str(content)])
    assert unknown.exit_code == 1 and "fiche inconnue : inconnue" in unknown.output


def test_immersion_days_are_written_at_the_time_of_the_hosts_place(tmp_path):
    """A Job Blender Day in La Réunion starts at 9 h in La Réunion, not at 9 h in Paris."""
    le_tampon, saint_pierre = "97422", "97416"
    entries = [
        actor("theatre-du-tampon", le_tampon, PRO_URBAIN, roles=HOST),
        actor("kabar-saint-pierre", saint_pierre, AMATEUR_RURAL),
        actor("porteuse", le_tampon, PRO_URBAIN),
        project("journee", [("porteuse", "porteur"), ("theatre-du-tampon", "partenaire"),
                            ("kabar-saint-pierre", "participant")], commune=le_tampon,
                titre="Journée d'immersion 2027", date_debut="2027-03-18", outils=[]),
    ]
    commons = write_commons(tmp_path / "content", entries)
    written = write_meetups(commons, pair(commons, "journee"))
    meetups = load_commons(tmp_path / "content").of_type("rencontres")
    assert len(written) == len(meetups) == 1
    data = meetups[0].data
    assert (data["debut"], data["fin"]) == ("2027-03-18T09:00:00+04:00", "2027-03-18T17:00:00+04:00")
    assert "fuseau" not in meetups[0].data  # the place tells the time
