"""The preview's suggester after an edit: the indexes of the previous one, updated for the actors
that changed, are those a suggester built from scratch would have, and the previous suggester (which
the preview still asks) is left as it was."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import yaml
from tests.conftest import ROOT

from maillage.meet.profiles import profiles
from maillage.meet.suggest import Suggester
from maillage.meet.vocabulary import vocabulary_of
from maillage.model import load_commons
from maillage.model.commons import LoadCache

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic_commons import generate

INDEXES = ("offers", "needs", "disciplines", "lent")


def front_matter(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def write(path: Path, data: dict, body: str) -> None:
    path.write_text(f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n{body}", encoding="utf-8")


def indexes(engine: Suggester) -> dict[str, dict]:
    return {name: dict(getattr(engine, name)) for name in INDEXES}


def test_an_edit_a_deletion_and_an_addition_update_the_indexes_as_a_new_build(tmp_path):
    content = tmp_path / "content"
    generate(content, actors=300, others=0, seed=3, departement="2A")
    cache = LoadCache()  # as the preview: unchanged files keep their document, hence their profile
    before = load_commons(content, cache=cache)
    people = profiles(before)
    engine = Suggester(people, vocabulary_of(before.schemas))
    engine.all(limit=5)
    kept = copy.deepcopy(indexes(engine))

    actors = content / "acteurs"
    edited, edited_body = front_matter(actors / "acteur-00001.md")
    elsewhere, _ = front_matter(actors / "acteur-00005.md")
    edited.update(commune=elsewhere["commune"], propose=["lieu_repetition", "benevoles"], recherche=["financement"])
    write(actors / "acteur-00001.md", edited, edited_body)
    (actors / "acteur-00002.md").unlink()
    added, added_body = front_matter(actors / "acteur-00003.md")
    write(actors / "acteur-nouveau.md", {**added, "nom": "Nouvel acteur", "disciplines": ["cirque"]}, added_body)

    after = load_commons(content, cache=cache)
    assert not after.errors
    renewed = profiles(after, (before, people))
    assert sum(renewed[i] is not people.get(i) for i in renewed) == 2  # the edited and the added one
    updated = Suggester(renewed, vocabulary_of(after.schemas), before=engine)
    fresh = Suggester(renewed, vocabulary_of(after.schemas))

    assert indexes(updated) == indexes(fresh)
    assert updated._where == fresh._where and updated._packed == fresh._packed
    assert updated.all(limit=5) == fresh.all(limit=5)
    [new_id] = set(renewed) - set(people)
    assert new_id in updated._packed and updated.for_actor(new_id, limit=5)
    assert indexes(engine) == kept  # the previous suggester still answers for the previous commons
    assert "acteur-00002" in engine.profiles and "acteur-00002" not in updated._packed
