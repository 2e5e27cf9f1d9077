"""The census: cross-reference existing listings into reviewed actor entries.

Pipeline, one module per step: `readers` and `mapping` (import), `normalise`, `link`
(identifiers, then splink through `engine`), `review`, `apply` (actor entries with
provenance), `report` (coverage of the territory). `workdir` holds the files a run
leaves behind; `cli` is the `maillage recensement` command group. splink is imported only here.
"""
