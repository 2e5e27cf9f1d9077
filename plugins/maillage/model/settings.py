"""The commons' settings, declared once in `mkdocs.yml` as options of the `maillage` plugin.

```yaml
plugins:
  - maillage:
      territoire:
        departements: ["08"]      # and/or epci: [...], regions: [...], communes: [...]
      formulaire_url: https://formulaire.example.org/
      communs_locaux:               # a regional commons: the open data of the local ones it gathers
        - https://ardennes.example.org/donnees/
        - {adresse: ../commun-moselle/site/donnees, cle: moselle}
      liaison:
        moteur: spark               # where actors are linked: duckdb (default) or spark (national scale)
```

`load_settings(root)` reads them without importing MkDocs (every command of the model and its
adapters may need the territory); the site plugin validates the same options and builds the same
`Settings` through `settings_from_options`. Territories are given by code or by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import yaml

from maillage.model import messages as msg
from maillage.model.places import PlaceError, resolve_place
from maillage.model.slug import is_slug, unique_slug
from maillage.model.territory import Scope

CONFIG_FILE = "mkdocs.yml"
# Keys of `territoire`, and the scale each one lists.
TERRITORY_KEYS = {"communes": "commune", "epci": "intercommunalite", "departements": "departement",
                  "regions": "region"}


@dataclass(frozen=True)
class LocalCommons:
    """A local commons a regional one gathers: where its open data is published (the `donnees/`
    folder of its site, or a folder from `mkdocs.yml`'s), and the short key its entries are known
    by here (`<key>-<id>`): given as `cle`, else made from the address (`ardennes` for
    `https://ardennes.example.org/donnees/`, `commun-moselle` for `../commun-moselle/site/donnees`).

    An address that names no one (an IP address, `localhost`) gives only a provisional key
    (`named` false): the regional build then takes the key from what the commons' manifest
    declares, its territory or its name (`maillage.federation.gather.source_keys`)."""

    location: str
    key: str
    named: bool = True


@dataclass(frozen=True)
class Settings:
    """What a commons declares about itself."""

    scope: Scope | None = None  # None: no territory declared (all of France)
    form_url: str | None = None  # the web form service, when the commons has one
    local_commons: tuple[LocalCommons, ...] = ()  # a regional (or national) commons gathers these
    linkage_engine: str = "duckdb"  # where its actors are linked (`liaison: {moteur: …}`)


LINKAGE_ENGINES = ("duckdb", "spark")


class SettingsError(ValueError):
    """A setting that cannot be used; the message is French and names the file, line and option."""


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' own tags (`!ENV`, `!relative`, `!!python/name:…`) as plain values.

    Scalars are typed as MkDocs types them (YAML 1.1), so that both readings of a file agree.
    """


def _untagged(loader: _TolerantLoader, suffix: str, node: yaml.Node) -> object:
    del suffix
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_TolerantLoader.add_multi_constructor("!", _untagged)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


def load_settings(root: Path | str) -> Settings:
    """The settings of the commons whose `mkdocs.yml` is in `root`; defaults when there is none."""
    path = Path(root) / CONFIG_FILE
    if not path.is_file():
        return Settings()
    options, lines = read_plugin_options(path)
    return settings_from_options(options, str(path), lines)


def read_plugin_options(path: Path) -> tuple[dict, dict[str, int]]:
    """The `maillage` plugin's options in an MkDocs configuration file, and the line of each option."""
    loader = _TolerantLoader(path.read_text("utf-8"))
    try:
        node = loader.get_single_node()
        config = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise SettingsError(
            msg.SETTINGS_YAML.format(file=path, line=line, problem=getattr(error, "problem", error))
        ) from None
    finally:
        loader.dispose()
    options, option_nodes = _plugin_options(config, node)
    lines = {key: n.start_mark.line + 1 for key, n in option_nodes.items()}
    territory_node = option_nodes.get("territoire.")
    for key, _ in getattr(territory_node, "value", []) if isinstance(territory_node, yaml.MappingNode) else []:
        lines[f"territoire.{key.value}"] = key.start_mark.line + 1
    return options, lines


def settings_from_options(
    options: Mapping, file: str = CONFIG_FILE, lines: Mapping[str, int] | None = None
) -> Settings:
    """`Settings` from the plugin's options (`territoire`, `formulaire_url`, `communs_locaux`);
    `SettingsError` in French."""
    lines = lines or {}

    def fail(option: str, problem: str, key: str = "") -> SettingsError:
        line = lines.get(f"{option}.{key}", lines.get(option, 1))
        return SettingsError(msg.SETTINGS_OPTION.format(file=file, line=line, option=option, problem=problem))

    scope = None
    territory_option = options.get("territoire")
    if territory_option:
        if not isinstance(territory_option, Mapping):
            raise fail("territoire", msg.SETTINGS_NOT_MAPPING)
        places = []
        for key, values in territory_option.items():
            if key not in TERRITORY_KEYS:
                raise fail("territoire", msg.SETTINGS_UNKNOWN_SCALE.format(key=key, scales=", ".join(TERRITORY_KEYS)),
                           key)
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list):
                raise fail("territoire", f"« {key} » : {msg.SETTINGS_NOT_LIST}", key)
            for value in values:
                if not isinstance(value, str):  # YAML read a number: 01053 would have become 555
                    raise fail("territoire", f"« {key} » : {msg.SETTINGS_QUOTE}", key)
                try:
                    places.append(resolve_place(value, (TERRITORY_KEYS[key],)))
                except PlaceError as error:
                    raise fail("territoire", f"« {key} » : {error.message}", key) from None
        if places:
            scope = Scope(tuple(dict.fromkeys(places)))
            if not scope.communes:
                raise fail("territoire", msg.SETTINGS_EMPTY_TERRITORY)
    form_url = options.get("formulaire_url") or None
    if form_url is not None:
        if not isinstance(form_url, str):
            raise fail("formulaire_url", msg.SETTINGS_NOT_TEXT)
        if not form_url.startswith(("https://", "http://")):
            raise fail("formulaire_url", msg.SETTINGS_URL.format(value=form_url))
    local = _local_commons(options.get("communs_locaux"), fail)
    return Settings(scope=scope, form_url=form_url, local_commons=local,
                    linkage_engine=_linkage_engine(options.get("liaison"), fail))


def _linkage_engine(option: object, fail) -> str:  # type: ignore[no-untyped-def]
    """`liaison: {moteur: duckdb|spark}`: where the census linkage runs (Spark for a national commons)."""
    if not option:
        return "duckdb"
    if not isinstance(option, Mapping) or set(option) - {"moteur"}:
        raise fail("liaison", msg.SETTINGS_LINKAGE)
    engine = option.get("moteur", "duckdb")
    if engine not in LINKAGE_ENGINES:
        raise fail("liaison", msg.SETTINGS_LINKAGE_ENGINE.format(value=engine))
    return str(engine)


def _local_commons(option: object, fail) -> tuple[LocalCommons, ...]:  # type: ignore[no-untyped-def]
    """`communs_locaux`: addresses, or `{adresse: …, cle: …}` items; one commons listed once."""
    if not option:
        return ()
    if not isinstance(option, list):
        raise fail("communs_locaux", msg.SETTINGS_LOCAL_NOT_LIST)
    found: list[tuple[str, str | None]] = []
    for item in option:
        location, key = (item, None) if isinstance(item, str) else (None, None)
        if isinstance(item, Mapping):
            unknown = sorted(set(item) - {"adresse", "cle"})
            if unknown:
                raise fail("communs_locaux", msg.SETTINGS_LOCAL_UNKNOWN_KEY.format(key=unknown[0]))
            location, key = item.get("adresse"), item.get("cle")
        if not isinstance(location, str) or not location.strip():
            raise fail("communs_locaux", msg.SETTINGS_LOCAL_ITEM)
        if key is not None and (not isinstance(key, str) or not is_slug(key)):
            raise fail("communs_locaux", msg.SETTINGS_LOCAL_KEY.format(key=key))
        if any(other == location.strip() for other, _ in found):
            raise fail("communs_locaux", msg.SETTINGS_LOCAL_TWICE.format(location=location.strip()))
        found.append((location.strip(), key))
    keys = [key for _, key in found if key]
    twice = next((k for k in keys if keys.count(k) > 1), None)
    if twice is not None:
        raise fail("communs_locaux", msg.SETTINGS_LOCAL_KEY_TWICE.format(key=twice))
    taken = set(keys)
    result = []
    for location, key in found:
        named = key is not None or not _nameless(location)
        if key is None:
            key = unique_slug(_address_key(location), taken, fallback="commun")
            taken.add(key)
        result.append(LocalCommons(location, key, named))
    return tuple(result)


def _nameless(location: str) -> bool:
    """Whether an address's host names no one: an IP address or `localhost`."""
    parts = urlsplit(location)
    if parts.scheme not in ("http", "https"):
        return False
    host = parts.hostname or ""
    return host == "localhost" or host.endswith(".localhost") or host.replace(".", "").isdigit() or ":" in host


def _address_key(location: str) -> str:
    """A readable key from a local commons' address: its host's first name, or its folder's."""
    parts = urlsplit(location)
    if parts.scheme in ("http", "https") and parts.hostname:
        labels = [label for label in parts.hostname.split(".") if label != "www"]
        return labels[0] if len(labels) > 1 and not parts.hostname.replace(".", "").isdigit() else parts.hostname
    names = [name for name in PurePosixPath(location.replace("\\", "/")).parts if name not in ("donnees", "site", "/")]
    return names[-1] if names else location


def _plugin_options(config: object, node: yaml.Node | None) -> tuple[dict, dict[str, yaml.Node]]:
    """The `maillage` plugin's options (a list item `- maillage: {...}` or a mapping entry) and their nodes."""
    if not isinstance(config, dict) or not isinstance(node, yaml.MappingNode):
        return {}, {}
    plugins_node = next((value for key, value in node.value if key.value == "plugins"), None)
    plugins = config.get("plugins")
    items = plugins_node.value if isinstance(plugins_node, yaml.SequenceNode) else []
    if isinstance(plugins, dict) and isinstance(plugins_node, yaml.MappingNode):
        items = [yaml.MappingNode("tag:yaml.org,2002:map", [pair]) for pair in plugins_node.value]
        plugins = [{key: value} for key, value in plugins.items()]
    for item, item_node in zip(plugins or [], items, strict=False):
        if isinstance(item, dict) and "maillage" in item and isinstance(item["maillage"], dict):
            options_node = next(value for key, value in item_node.value if key.value == "maillage")
            pairs = getattr(options_node, "value", [])
            nodes = {key.value: key for key, _ in pairs} | {f"{key.value}.": value for key, value in pairs}
            return item["maillage"], nodes
    return {}, {}
