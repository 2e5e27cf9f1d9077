"""A draw's bulky data lives in a data file beside its entry, loaded and checked by the model.

Hand-written entries keep their size cap; the data file has its own, much larger one, and bad
input in it gets a French message naming the data file, its line and the field.
"""

from __future__ import annotations

import json

from click.testing import CliRunner
from draw_fixture import Commons, actor, cli, drawn, members, ok, prepared

from maillage.cli import main
from maillage.model.load import MAX_FILE_BYTES
from maillage.model.numbers import french_count


def check(commons: Commons) -> str:
    result = CliRunner().invoke(main, ["verifier", str(commons.root / "content")])
    return result.output


def test_a_draw_of_3500_volunteers_keeps_its_entry_small_and_works_end_to_end(commons: Commons) -> None:
    """Near 3,000 volunteers an entry passed the loader's cap; now the pool goes to the data file."""
    kinds = [("amateur", "rural"), ("professionnel", "urbain"), ("amateur", "urbain"), ("professionnel", "rural")]
    actors = {f"acteur-volontaire-numero-{i:05d}": actor(*kinds[i % 4], nom=f"Volontaire {i}") for i in range(3500)}
    path = drawn(commons, actors, groupes={"nombre": 20, "taille": 6})
    assert path.stat().st_size < 8 * 1024
    assert path.with_suffix(".json").stat().st_size > MAX_FILE_BYTES
    assert f"{french_count(3501)} fiche(s) vérifiée(s) : aucun problème." in check(commons)
    # Counts past a thousand are written the French way in what the coordinator reads.
    status = ok(cli("etat", str(path))).output
    assert f"réserve : {french_count(3500 - 20 * 6)} personne(s) pas encore appelée(s)" in status
    commons.clock.advance(days=1)
    ok(cli("refuser", str(path), members(path)[0]))
    ok(cli("verifier", str(path)))


def test_the_data_file_is_merged_into_the_entry_and_checked(commons: Commons) -> None:
    path = prepared(commons)
    data_file = path.with_suffix(".json")
    assert set(json.loads(data_file.read_text())) == {"engagements", "horodatages", "journal"}
    assert "engagements" not in path.read_text()
    assert "aucun problème" in check(commons)
    values = json.loads(data_file.read_text())
    values["engagements"]["maximin"] = 7
    data_file.write_text(json.dumps(values, indent=1, sort_keys=True))
    line = next(n for n, text in enumerate(data_file.read_text().splitlines(), start=1) if '"maximin"' in text)
    output = check(commons)
    assert f"tirage-essai.json:{line}:" in output
    assert "engagements.maximin" in output


def test_bad_json_in_a_data_file_is_named_with_its_line(commons: Commons) -> None:
    path = prepared(commons)
    data_file = path.with_suffix(".json")
    lines = data_file.read_text().splitlines()
    lines[3] = lines[3] + " oups"
    data_file.write_text("\n".join(lines))
    output = check(commons)
    assert "tirage-essai.json:4:" in output
    assert "fichier de données illisible (JSON invalide)" in output


def test_a_field_both_in_the_entry_and_its_data_file_is_refused(commons: Commons) -> None:
    path = prepared(commons)
    data_file = path.with_suffix(".json")
    values = json.loads(data_file.read_text())
    values["titre"] = "Autre titre"
    values["statut"] = "tire"
    data_file.write_text(json.dumps(values))
    output = check(commons)
    assert "champ « titre » inattendu dans le fichier de données" in output


def test_hand_written_entries_keep_their_size_cap(commons: Commons) -> None:
    commons.clock.at(commons.clock.now())
    data = commons.draw_data(resume="x" * 10)
    path = commons.write({"a-01": actor("amateur")}, data)
    path.write_text(path.read_text() + "\n" + "Un long texte. " * 20000)
    assert "fichier trop gros" in check(commons)
