"""The bridge's configuration: one TOML file, every key documented in `KEYS`.

`maillage formulaire --help` prints `KEYS`, so the documentation and the parser cannot drift apart:
`load_config` refuses any key that is not listed there.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maillage.bridge import messages as msg

FORGE_KINDS = ("local", "github", "gitlab", "forgejo")


@dataclass(frozen=True)
class Key:
    """One documented configuration key: section, name, default and French description."""

    section: str
    name: str
    default: Any
    description: str


KEYS: tuple[Key, ...] = (
    Key("service", "adresse", "127.0.0.1", "adresse d'écoute (derrière un proxy inverse : 127.0.0.1)"),
    Key("service", "port", 8080, "port d'écoute"),
    Key(
        "service", "url_publique", "", "adresse publique du service (https://…), pour le contrôle Origin et les liens"
    ),
    Key("service", "contenu", "content", "dossier des fiches existantes (références, modification)"),
    Key("service", "file_attente", "bridge.sqlite3", "fichier SQLite de la file des contributions"),
    Key(
        "service",
        "secret_variable",
        "MAILLAGE_BRIDGE_SECRET",
        "variable d'environnement du secret de signature des formulaires",
    ),
    Key("service", "secret_fichier", "", "ou fichier contenant ce secret (sinon : secret aléatoire au démarrage)"),
    Key("service", "proxys_de_confiance", [], "adresses ou réseaux (CIDR) des proxys dont on croit X-Forwarded-For"),
    Key("service", "journal", "info", "niveau du journal JSON (debug, info, warning, error)"),
    # Against slow clients (slowloris): see bridge/protocol.py; the reverse proxy adds its own.
    Key(
        "service", "delai_entetes_secondes", 10.0,
        "délai pour recevoir les en-têtes d'une requête, depuis l'ouverture de la connexion ou la réponse "
        "précédente (au-delà : connexion fermée)",
    ),
    Key("service", "delai_corps_secondes", 30.0, "délai pour recevoir le corps d'une requête (au-delà : 408)"),
    Key("service", "delai_inactivite_secondes", 5, "connexion inactive entre deux requêtes fermée après ce délai"),
    Key(
        "service", "connexions_max", 4096,
        "connexions ouvertes au plus (ramené sous la limite de descripteurs du processus : LimitNOFILE)",
    ),
    Key(
        "service", "requetes_simultanees_max", 64,
        "requêtes traitées en même temps au plus (au-delà : 503 ; /sante répond toujours)",
    ),
    Key("forge", "type", "local", "local, github, gitlab ou forgejo (Forgejo et Gitea)"),
    Key("forge", "depot", ".", "local : chemin du dépôt git ; autres : propriétaire/nom (GitLab : chemin du projet)"),
    Key("forge", "branche_base", "main", "branche visée par les propositions"),
    Key("forge", "dossier_contenu", "content", "dossier des fiches dans le dépôt"),
    Key(
        "forge",
        "api",
        "",
        "adresse de l'API (https://api.github.com, https://gitlab.com/api/v4, https://codeberg.org/api/v1)",
    ),
    Key("forge", "etiquettes", ["contribution"], "étiquettes posées sur chaque proposition"),
    Key("forge", "jeton_variable", "MAILLAGE_FORGE_TOKEN", "variable d'environnement du jeton de la forge"),
    Key("forge", "jeton_fichier", "", "ou fichier contenant le jeton (prioritaire sur la variable)"),
    Key("forge", "delai_reseau", 10.0, "délai maximal d'une requête à la forge, en secondes"),
    Key("forge", "auteur_nom", "Formulaire Maillage", "auteur des commits"),
    Key("forge", "auteur_courriel", "formulaire@maillage.invalid", "courriel de l'auteur des commits"),
    Key("forge", "github_app_id", "", "GitHub App : identifiant de l'application (à la place d'un jeton)"),
    Key("forge", "github_installation_id", "", "GitHub App : identifiant de l'installation"),
    Key("forge", "github_cle_fichier", "", "GitHub App : fichier de la clé privée (PEM)"),
    Key("limites", "taille_max_octets", 262144, "taille maximale d'un envoi"),
    Key("limites", "delai_min_secondes", 3.0, "temps minimal entre l'affichage du formulaire et l'envoi"),
    Key(
        "limites",
        "validite_formulaire_minutes",
        30.0,
        "durée de validité d'un formulaire affiché, prolongée à chaque aperçu (au-delà : saisie gardée, à renvoyer)",
    ),
    Key("limites", "par_ip_par_heure", 20, "propositions par adresse IP et par heure"),
    Key("limites", "global_par_minute", 60, "propositions par minute, toutes adresses confondues"),
    Key(
        "limites",
        "propositions_ouvertes_par_adresse",
        3,
        "propositions en attente de relecture par adresse IP (au-delà : refus pour cette adresse seulement)",
    ),
    Key(
        "limites",
        "propositions_ouvertes_max",
        100,
        "demandes de fusion ouvertes au plus sur la forge (au-delà, les suivantes attendent dans la file)",
    ),
    Key("limites", "nouvel_essai_max_secondes", 900.0, "attente maximale entre deux essais auprès de la forge"),
)

_KEY_INDEX = {(k.section, k.name): k for k in KEYS}


class ConfigError(Exception):
    """A configuration file that cannot be used; the message is French and names the key."""


@dataclass(frozen=True)
class ServiceConfig:
    """Where the service listens and keeps its state."""

    adresse: str
    port: int
    url_publique: str
    contenu: Path
    file_attente: Path
    secret: bytes
    proxys_de_confiance: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    journal: str
    delai_entetes_secondes: float = 10.0
    delai_corps_secondes: float = 30.0
    delai_inactivite_secondes: int = 5
    connexions_max: int = 4096
    requetes_simultanees_max: int = 64


@dataclass(frozen=True)
class ForgeConfig:
    """Which forge receives the proposals, and how to reach it."""

    type: str
    depot: str
    branche_base: str
    dossier_contenu: str
    api: str
    etiquettes: tuple[str, ...]
    delai_reseau: float
    auteur_nom: str
    auteur_courriel: str
    token: str = field(repr=False, default="")
    github_app_id: str = ""
    github_installation_id: str = ""
    github_cle: str = field(repr=False, default="")


@dataclass(frozen=True)
class Limits:
    """Abuse limits."""

    taille_max_octets: int
    delai_min_secondes: float
    validite_formulaire_minutes: float
    par_ip_par_heure: int
    global_par_minute: int
    propositions_ouvertes_par_adresse: int
    propositions_ouvertes_max: int
    nouvel_essai_max_secondes: float


@dataclass(frozen=True)
class BridgeConfig:
    """The whole configuration."""

    service: ServiceConfig
    forge: ForgeConfig
    limites: Limits


def help_text() -> str:
    """Plain-text documentation of every key, for `maillage formulaire --help`."""
    lines: list[str] = []
    section = ""
    for key in KEYS:
        if key.section != section:
            section = key.section
            lines.append(f"[{section}]")
        default = _toml_value(key.default)
        lines.append(f"  {key.name} = {default}  # {key.description}")
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def load_config(path: Path | None, environ: dict[str, str] | None = None) -> BridgeConfig:
    """Read and check a configuration file (None: every default); raise `ConfigError` in French."""
    environ = dict(os.environ) if environ is None else environ
    raw: dict[str, Any] = {}
    base = Path.cwd()
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise ConfigError(msg.CONFIG_UNREADABLE.format(path=path, reason=exc.strerror or exc)) from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(msg.CONFIG_SYNTAX.format(path=path, reason=exc)) from exc
        base = path.parent
    values = _values(raw, path)
    return _build(values, base, environ)


def _values(raw: dict[str, Any], path: Path | None) -> dict[tuple[str, str], Any]:
    values = {(k.section, k.name): k.default for k in KEYS}
    for section, table in raw.items():
        if not isinstance(table, dict):
            raise ConfigError(msg.CONFIG_NOT_SECTION.format(path=path, key=section))
        for name, value in table.items():
            key = _KEY_INDEX.get((section, name))
            if key is None:
                raise ConfigError(msg.CONFIG_UNKNOWN_KEY.format(path=path, key=f"{section}.{name}"))
            if not _same_type(key.default, value):
                raise ConfigError(msg.CONFIG_TYPE.format(path=path, key=f"{section}.{name}", value=value))
            values[(section, name)] = value
    return values


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, str)


def _build(v: dict[tuple[str, str], Any], base: Path, environ: dict[str, str]) -> BridgeConfig:
    kind = v[("forge", "type")]
    if kind not in FORGE_KINDS:
        raise ConfigError(msg.CONFIG_FORGE_KIND.format(value=kind, allowed=", ".join(FORGE_KINDS)))
    service = ServiceConfig(
        adresse=v[("service", "adresse")],
        port=v[("service", "port")],
        url_publique=v[("service", "url_publique")].rstrip("/"),
        contenu=base / v[("service", "contenu")],
        file_attente=base / v[("service", "file_attente")],
        secret=_secret(v, base, environ),
        proxys_de_confiance=tuple(_network(n) for n in v[("service", "proxys_de_confiance")]),
        journal=v[("service", "journal")],
        delai_entetes_secondes=float(v[("service", "delai_entetes_secondes")]),
        delai_corps_secondes=float(v[("service", "delai_corps_secondes")]),
        delai_inactivite_secondes=v[("service", "delai_inactivite_secondes")],
        connexions_max=v[("service", "connexions_max")],
        requetes_simultanees_max=v[("service", "requetes_simultanees_max")],
    )
    depot = v[("forge", "depot")]
    forge = ForgeConfig(
        type=kind,
        depot=str(base / depot) if kind == "local" else depot,
        branche_base=v[("forge", "branche_base")],
        dossier_contenu=v[("forge", "dossier_contenu")].strip("/"),
        api=v[("forge", "api")].rstrip("/") or _default_api(kind),
        etiquettes=tuple(v[("forge", "etiquettes")]),
        delai_reseau=float(v[("forge", "delai_reseau")]),
        auteur_nom=v[("forge", "auteur_nom")],
        auteur_courriel=v[("forge", "auteur_courriel")],
        token=_read_secret(v[("forge", "jeton_fichier")], v[("forge", "jeton_variable")], base, environ),
        github_app_id=str(v[("forge", "github_app_id")]),
        github_installation_id=str(v[("forge", "github_installation_id")]),
        github_cle=_read_secret(v[("forge", "github_cle_fichier")], "", base, environ),
    )
    if kind != "local" and not (forge.token or forge.github_cle):
        raise ConfigError(msg.CONFIG_NO_TOKEN.format(variable=v[("forge", "jeton_variable")]))
    limits = Limits(**{name: v[("limites", name)] for (section, name) in v if section == "limites"})
    return BridgeConfig(service, forge, limits)


def _default_api(kind: str) -> str:
    return {"github": "https://api.github.com", "gitlab": "https://gitlab.com/api/v4"}.get(kind, "")


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError as exc:
        raise ConfigError(msg.CONFIG_NETWORK.format(value=text)) from exc


def _secret(v: dict[tuple[str, str], Any], base: Path, environ: dict[str, str]) -> bytes:
    text = _read_secret(v[("service", "secret_fichier")], v[("service", "secret_variable")], base, environ)
    # Without a configured secret the forms signed before a restart become invalid: acceptable
    # for a test instance, documented for production.
    return text.encode("utf-8") if text else secrets.token_bytes(32)


def _read_secret(file_name: str, variable: str, base: Path, environ: dict[str, str]) -> str:
    if file_name:
        path = base / file_name
        try:
            return path.read_text("utf-8").strip()
        except OSError as exc:
            raise ConfigError(msg.CONFIG_SECRET_FILE.format(path=path, reason=exc.strerror or exc)) from exc
    return environ.get(variable, "").strip() if variable else ""
