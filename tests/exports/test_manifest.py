"""`donnees/commun.json`: what a regional commons reads first, vouching for every data file."""

from __future__ import annotations

import hashlib
import json

from export_fixture import SITE, Exported

from maillage.exports.manifest import FORMAT, FORMAT_VERSION
from maillage.exports.texts import DEFAULT_SITE_NAME


def test_the_manifest_names_the_format_the_commons_and_each_type(exported: Exported) -> None:
    manifest = json.loads(exported.file("commun.json").read_text("utf-8"))
    assert (manifest["format"], manifest["version"]) == (FORMAT, FORMAT_VERSION) == ("maillage-donnees", 2)
    assert manifest["nom"] == DEFAULT_SITE_NAME and manifest["site"] == SITE
    folders = [t.folder for t in exported.commons.schemas.types]
    assert list(manifest["types"]) == folders
    actors = manifest["types"]["acteurs"]
    assert actors["fichier"] == "acteurs.json" and actors["version_schema"] == 1
    assert len(actors["schema"]) == 64


def test_the_manifest_vouches_for_every_data_file_beside_it(exported: Exported) -> None:
    folder = exported.file("commun.json").parent
    manifest = json.loads((folder / "commun.json").read_text("utf-8"))
    written = sorted(p.name for p in folder.iterdir() if p.name != "commun.json")
    assert sorted(manifest["fichiers"]) == written
    for name, described in manifest["fichiers"].items():
        data = (folder / name).read_bytes()
        assert described == {"sha256": hashlib.sha256(data).hexdigest(), "octets": len(data)}
