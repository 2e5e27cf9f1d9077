"""The preview of a regional commons keeps what it read of the local commons from one edit to the
next (`federation.gather.Memory`): an edit reads no local commons again and links the actors again
only when what the linkage reads changed; the readings are renewed after `refresh` seconds."""

from __future__ import annotations

import shutil

from maillage.federation.gather import Memory, gather
from maillage.model import load_commons
from maillage.model.settings import load_settings

SEPARATE_LUNE_ROUSSE = (
    "separer:\n  - [https://ardennes.example.org/acteurs/compagnie-la-lune-rousse/,"
    " https://moselle.example.org/acteurs/la-lune-rousse/]\n"
)


def partners(federation, project: str) -> list[str]:
    return [a["acteur"] for a in federation.commons.entries[project].data["acteurs"]]


def test_an_edit_in_the_preview_reads_no_local_commons_and_links_again_only_what_changed(local_servers, tmp_path):
    root = tmp_path / "grand-est"
    shutil.copytree(local_servers.grand_est, root, ignore=shutil.ignore_patterns("site", ".cache"))
    settings, memory = load_settings(root), Memory()
    first = gather(load_commons(root / "content"), root, settings, memory=memory)
    assert all(source.fresh for source in first.sources)
    # The two « Lune Rousse » are one actor: the Moselle project names the one shown.
    assert "ardennes-compagnie-la-lune-rousse" in partners(first, "moselle-scenes-de-moselle")
    linkage = memory.linkage

    ardennes = local_servers.servers["ardennes"]
    ardennes.status = 503
    try:
        # An edit of one of the commons' own pages: nothing read again, nothing linked again.
        project = root / "content" / "projets" / "job-blender-day-grand-est.md"
        project.write_text(project.read_text("utf-8") + "\nUn paragraphe ajouté.\n", "utf-8")
        second = gather(load_commons(root / "content"), root, settings, memory=memory)
        assert second.warnings == first.warnings and all(source.fresh for source in second.sources)
        assert memory.linkage is linkage
        assert set(second.commons.entries) == set(first.commons.entries)

        # A maintainer splits a merge: linked again; the project, as its commons published it,
        # names its own company again (the rename of the first gathering did not stick to it).
        (root / "doublons.yaml").write_text(SEPARATE_LUNE_ROUSSE, "utf-8")
        third = gather(load_commons(root / "content"), root, settings, memory=memory)
        assert memory.linkage is not linkage
        assert "moselle-la-lune-rousse" in partners(third, "moselle-scenes-de-moselle")
        assert not any(g.kept.title == "Compagnie La Lune Rousse" for g in third.groups)

        # Past the refresh delay the local commons are read again: the Ardennes one is down now.
        memory.refresh = 0
        fourth = gather(load_commons(root / "content"), root, settings, memory=memory)
        assert [source.fresh for source in fourth.sources] == [False, True]
        assert any("Ardennes" in warning and "503" in warning for warning in fourth.warnings)
    finally:
        ardennes.status = 200
