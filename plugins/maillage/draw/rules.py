"""What a draw entry declares: groups, quotas, pool criteria — read from its front matter.

The entry has been validated against `tirage.schema.json` before it gets here, so types are
right; this module adds the checks a schema cannot express and the French labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.errors import DrawError
from maillage.model import default_schemas

UNIVERS_FIELDS = ("pratique", "milieu", "structure", "economie", "culture", "sphere")


@dataclass(frozen=True, slots=True, order=True)
class Category:
    """A category of actors: a field of the actor entry and one of its values."""

    field: str
    value: str

    @property
    def key(self) -> str:
        """Stable text form, `pratique=amateur`."""
        return f"{self.field}={self.value}"

    @property
    def label(self) -> str:
        """French label, `Pratique : Amateur`."""
        return f"{field_label(self.field)} : {value_label(self.field, self.value)}"

    def holds_for(self, actor: dict[str, Any]) -> bool:
        """Whether an actor's data puts it in this category."""
        if self.field == "nature":
            return actor.get("nature") == self.value
        univers = actor.get("univers")
        return isinstance(univers, dict) and univers.get(self.field) == self.value

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Category:
        """From `{champ, valeur}`."""
        return cls(data["champ"], data["valeur"])

    @classmethod
    def from_key(cls, key: str) -> Category:
        """From `pratique=amateur`."""
        field, _, value = key.partition("=")
        return cls(field, value)


@dataclass(frozen=True, slots=True)
class Quota:
    """Bounds on how many actors of a category sit in each group and in the whole panel."""

    category: Category
    min_group: int = 0
    max_group: int | None = None
    min_total: int = 0
    max_total: int | None = None

    def to_data(self) -> dict[str, Any]:
        """How the entry writes the quota (only the bounds it has)."""
        data: dict[str, Any] = {"categorie": {"champ": self.category.field, "valeur": self.category.value}}
        bounds = {"min_par_groupe": self.min_group, "max_par_groupe": self.max_group,
                  "min_total": self.min_total, "max_total": self.max_total}
        data.update({k: v for k, v in bounds.items() if v is not None and not (k.startswith("min") and v == 0)})
        return data

    @classmethod
    def from_data(cls, item: dict[str, Any]) -> Quota:
        """From the entry's form `{categorie, min_par_groupe, …}`."""
        return cls(
            Category.from_data(item["categorie"]),
            item.get("min_par_groupe", 0),
            item.get("max_par_groupe"),
            item.get("min_total", 0),
            item.get("max_total"),
        )

    def describe(self) -> str:
        """French summary: `Pratique : Amateur — au moins 1 par groupe`."""
        parts = []
        if self.min_group:
            parts.append(f"au moins {self.min_group} par groupe")
        if self.max_group is not None:
            parts.append(f"au plus {self.max_group} par groupe")
        if self.min_total:
            parts.append(f"au moins {self.min_total} en tout")
        if self.max_total is not None:
            parts.append(f"au plus {self.max_total} en tout")
        return f"{self.category.label} — {', '.join(parts) or 'sans contrainte'}"


@dataclass(frozen=True, slots=True)
class Rules:
    """The rules of one draw."""

    groups: int
    size: int
    quotas: tuple[Quota, ...]
    delay_days: int

    @property
    def seats(self) -> int:
        """Places to fill in all groups."""
        return self.groups * self.size

    @property
    def categories(self) -> tuple[Category, ...]:
        """The categories quotas talk about, each once, sorted."""
        return tuple(sorted({q.category for q in self.quotas}))


def read_rules(data: dict[str, Any]) -> Rules:
    """The rules of a draw entry; quotas contradicting themselves are refused in French."""
    groups = data["groupes"]
    quotas = []
    for index, item in enumerate(data.get("quotas") or []):
        quota = Quota.from_data(item)
        _check_quota(quota, groups["taille"], f"quotas.{index}")
        quotas.append(quota)
    return Rules(groups["nombre"], groups["taille"], tuple(quotas), data["delai_reflexion_jours"])


def _check_quota(quota: Quota, size: int, field: str) -> None:
    label = quota.category.label
    if quota.max_group is not None and quota.min_group > quota.max_group:
        raise DrawError(
            msg.QUOTA_MIN_ABOVE_MAX.format(label=label, low=quota.min_group, high=quota.max_group, scope="par groupe"),
            field,
        )
    if quota.max_total is not None and quota.min_total > quota.max_total:
        raise DrawError(
            msg.QUOTA_MIN_ABOVE_MAX.format(label=label, low=quota.min_total, high=quota.max_total, scope="en tout"),
            field,
        )
    if quota.min_group > size:
        raise DrawError(msg.QUOTA_ABOVE_SIZE.format(label=label, low=quota.min_group, size=size), field)
    if quota.category.field != "nature" and quota.category.field not in UNIVERS_FIELDS:
        raise DrawError(msg.UNKNOWN_FIELD.format(field=quota.category.field), field)
    if quota.category.value not in _values(quota.category.field):
        raise DrawError(
            msg.UNKNOWN_VALUE.format(
                value=quota.category.value, field=quota.category.field, allowed=", ".join(_values(quota.category.field))
            ),
            field,
        )


def rules_commitment(data: dict[str, Any]) -> dict[str, Any]:
    """Everything of the entry that decides the draw, without the random values themselves."""
    alea = data.get("alea") or {}
    drand = alea.get("drand")
    dice = alea.get("des")
    return {
        "commune": data["commune"],
        "echelle": data["echelle"],
        "vivier": data.get("vivier") or {},
        "groupes": data["groupes"],
        "quotas": data.get("quotas") or [],
        "periode": data["periode"],
        "delai_reflexion_jours": data["delai_reflexion_jours"],
        "alea": {
            "drand": {k: drand[k] for k in ("chaine", "ronde")} if drand else None,
            "des": {k: v for k, v in dice.items() if k != "resultat"} if dice else None,
        },
    }


@cache
def _labels() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    raw = default_schemas().raw
    fields = raw["tirage"]["$defs"]["categorie"]["properties"]["champ"]["x-libelles"]
    values = {
        name: spec.get("x-libelles", {}) for name, spec in raw["communs"]["$defs"]["univers"]["properties"].items()
    }
    values["nature"] = raw["acteur"]["properties"]["nature"]["x-libelles"]
    return fields, values


def field_label(field: str) -> str:
    """French label of an actor field usable in quotas."""
    return _labels()[0].get(field, field)


def value_label(field: str, value: str) -> str:
    """French label of a value of such a field."""
    return _labels()[1].get(field, {}).get(value, value)


def _values(field: str) -> list[str]:
    return list(_labels()[1].get(field, {}))
