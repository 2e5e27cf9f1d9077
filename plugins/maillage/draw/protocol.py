"""The draw's commands on an entry's data: prepare, time-stamp, roll dice, run, answer, replace,
relax a quota, complementary draw, close, inscribe.

Every command first verifies the entry as written (`verify.verify_data`, without the costly
checks): an entry edited by hand after its commitments or its run is refused before anything
is written. Each event appended to the journal records the commit that published the events
before it (`depot`), so that the journal is bound to the history it was published in.

Answers reach a draw two ways. The coordinator's commands (`confirmer`, `refuser`) journal
them at once. A pull request or the web form (`record_answer_data`) can only add them to
`reponses`: such an answer is *pending*; `verifier` accepts it when the commands would have,
and `inscrire` — or any later command, before anything else — journals it, with the commit
that brought it and its author.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from maillage import __version__
from maillage.draw import clock, journal
from maillage.draw import messages as msg
from maillage.draw.authorities import Authorities
from maillage.draw.canonical import canonical_json, fingerprint, software_fingerprint
from maillage.draw.clock import CLOCK_TOLERANCE, format_datetime, parse_datetime
from maillage.draw.distribution import Distribution
from maillage.draw.drand import Beacon, verify_beacon
from maillage.draw.errors import DrawError
from maillage.draw.pool import Pool, build_pool, late_volunteers
from maillage.draw.randomness import HashStream, check_dice, seed
from maillage.draw.rules import Quota, read_rules, rules_commitment
from maillage.draw.selection import select
from maillage.draw.state import CONFIRMED, DECLINED, DrawState
from maillage.draw.store import DrawFile, freeze_local_commons
from maillage.draw.timestamp import request_token
from maillage.draw.verify import (
    Report,
    commitments_digest,
    complement_fingerprint,
    probability_text,
    randomness_times,
    seal_state,
    verify_data,
)

DRAFT, PREPARED, DRAWN, CLOSED = "brouillon", "prepare", "tire", "clos"


@dataclass
class Outcome:
    """What a command did: the new data, and what to tell the coordinator besides."""

    data: dict[str, Any]
    warnings: list[str]
    changes: list[dict[str, Any]]
    extra: Any = None


# --- Before the randomness ---------------------------------------------------------------------


def prepare(draw: DrawFile, when: datetime) -> Outcome:
    """Freeze pool, rules and distribution and write their commitments, before any randomness."""
    data = copy.deepcopy(draw.entry.data)
    if data.get("statut") not in (None, DRAFT):
        raise DrawError(msg.ALREADY_PREPARED.format(status=data.get("statut")), "statut")
    earlier = draw.history.first_prepared() if draw.history.available else None
    if earlier is not None:
        raise DrawError(
            msg.ALREADY_PREPARED_IN_HISTORY.format(commit=earlier.commit[:12], date=format_datetime(earlier.date))
        )
    alea = data.get("alea") or {}
    if (alea.get("drand") or {}).get("valeur") or (alea.get("des") or {}).get("resultat"):
        raise DrawError(msg.RANDOMNESS_ALREADY_KNOWN, "alea")
    _check_sources_after(draw, alea, when)
    rules = read_rules(data)
    regional = freeze_local_commons(draw)
    pool = build_pool(draw.entry, draw.commons, rules)
    from maillage.draw.fairness import compute_distribution  # SciPy: only the preparation needs it

    distribution, maximin = compute_distribution(pool, rules)
    frozen = pool.frozen()
    for item, probability in zip(frozen["types"], distribution.probabilities(), strict=True):
        item["probabilite"] = probability_text(probability)
    panels = distribution.to_data()
    commitments = {
        "date": format_datetime(when),
        "version": __version__,
        "vivier": fingerprint(pool.commitment()),
        "regles": fingerprint(rules_commitment(data)),
        "distribution": fingerprint(panels),
        "logiciel": software_fingerprint(),
        "maximin": probability_text(Fraction(maximin).limit_denominator(10**9)),
        **frozen,
        "tirages_possibles": panels,
        **({"communs_locaux": regional} if regional else {}),
    }
    data["engagements"] = commitments
    data["statut"] = PREPARED
    data["journal"] = []
    digest = commitments_digest(commitments)
    details = {
        "engagements": digest,
        **{k: commitments[k] for k in ("vivier", "regles", "distribution", "logiciel", "version")},
    }
    details["regles_detail"] = rules_commitment(data)
    journal.append(data["journal"], commitments["date"], "preparation", details)
    warnings = []
    if data.get("horodatage"):
        try:
            _stamp_commitments(draw, data, when)
        except DrawError as exc:
            warnings.append(msg.STAMP_LATER.format(reason=exc.message))
    else:
        warnings.append(msg.NO_TIMESTAMP_AUTHORITY)
    return Outcome(data, warnings, [], pool)


def stamp_commitments(draw: DrawFile, when: datetime) -> Outcome:
    """Time-stamp commitments prepared without a token (the authority was unreachable)."""
    data = copy.deepcopy(draw.entry.data)
    if data.get("statut") != PREPARED:
        raise DrawError(msg.STAMP_NOT_PREPARED.format(status=data.get("statut")), "statut")
    if (data.get("horodatages") or {}).get("engagements"):
        raise DrawError(msg.ALREADY_STAMPED)
    if not data.get("horodatage"):
        raise DrawError(msg.NO_TIMESTAMP_AUTHORITY, "horodatage")
    _refuse_if_altered(draw, data, when)
    _stamp_commitments(draw, data, when)
    return Outcome(data, [], [])


def _stamp_commitments(draw: DrawFile, data: dict[str, Any], when: datetime) -> None:
    config = data["horodatage"]
    authority = draw.authorities.authority(config["autorite"])
    token = request_token(authority, config["adresse"], canonical_json(data["engagements"]))
    attested = parse_datetime(token["date"], "horodatages.engagements.date")
    first = min(randomness_times(data, draw.authorities), default=None)
    if first is not None and attested >= first:
        raise DrawError(msg.STAMP_TOO_LATE.format(date=token["date"], randomness=format_datetime(first)))
    data.setdefault("horodatages", {})["engagements"] = token
    details = {
        "objet": "engagements",
        "autorite": token["autorite"],
        "date_attestee": token["date"],
        "empreinte": token["empreinte"],
    }
    _append(draw, data, format_datetime(max(when, attested)), "horodatage", details)


def record_dice(draw: DrawFile, faces: str, witnesses: list[str], when: datetime) -> Outcome:
    """Record the dice rolled in public, with their witnesses, before the drand round."""
    data = copy.deepcopy(draw.entry.data)
    if data.get("statut") != PREPARED:
        raise DrawError(msg.NOT_PREPARED.format(status=data.get("statut")), "statut")
    _refuse_if_altered(draw, data, when)
    _record_dice(draw, data, faces, witnesses, when)
    return Outcome(data, [], [])


def _record_dice(draw: DrawFile, data: dict[str, Any], faces: str, witnesses: list[str], when: datetime) -> None:
    dice = (data.get("alea") or {}).get("des")
    if not dice:
        raise DrawError(msg.DICE_NOT_DECLARED, "alea.des")
    if dice.get("resultat"):
        raise DrawError(msg.DICE_ALREADY_RECORDED.format(faces=dice["resultat"]), "alea.des.resultat")
    announced = parse_datetime(dice["date"], "alea.des.date")
    if when < announced - CLOCK_TOLERANCE:
        raise DrawError(msg.DICE_BEFORE_ROLL.format(date=dice["date"]), "alea.des.date")
    drand = (data.get("alea") or {}).get("drand")
    if drand:
        published = draw.authorities.network(drand["chaine"]).round_time(drand["ronde"])
        if when >= published:
            raise DrawError(
                msg.DICE_AFTER_DRAND.format(round=drand["ronde"], published=format_datetime(published)), "alea.des"
            )
    seen = [w.strip() for w in witnesses if w.strip()] or list(dice.get("temoins") or [])
    if not seen:
        raise DrawError(msg.DICE_WITHOUT_WITNESSES, "alea.des.temoins")
    dice["resultat"] = check_dice(faces, dice["nombre"])
    event = _append(
        draw,
        data,
        format_datetime(when),
        "des",
        {"resultat": dice["resultat"], "temoins": seen, "lance_le": dice["date"]},
    )
    config = data.get("horodatage")
    if config:
        authority = draw.authorities.authority(config["autorite"])
        token = request_token(authority, config["adresse"], canonical_json(journal.signed_part(event)))
        data.setdefault("horodatages", {})["des"] = token


# --- The run -------------------------------------------------------------------------------------


def run(
    draw: DrawFile, beacon: Beacon | None, dice: str | None, when: datetime, publication: str | None = None
) -> Outcome:
    """Check the public random values, derive the seed, draw the groups and the reserve."""
    data = copy.deepcopy(draw.entry.data)
    if data.get("statut") != PREPARED:
        raise DrawError(msg.NOT_PREPARED.format(status=data.get("statut")), "statut")
    _refuse_if_altered(draw, data, when)
    alea = data["alea"]
    published = _publication(draw, data, publication)
    warnings = []
    if alea.get("des"):
        if alea["des"].get("resultat"):
            if dice is not None and dice.replace(" ", "") != alea["des"]["resultat"]:
                raise DrawError(msg.DICE_DIFFER.format(faces=alea["des"]["resultat"]), "alea.des.resultat")
        elif alea.get("drand"):
            raise DrawError(msg.DICE_FIRST, "alea.des.resultat")
        elif dice is None:
            raise DrawError(msg.DICE_MISSING.format(count=alea["des"]["nombre"]), "alea.des.resultat")
        else:
            _record_dice(draw, data, dice, [], when)
    elif dice is not None:
        raise DrawError(msg.DICE_NOT_DECLARED, "alea.des")
    if alea.get("drand"):
        _record_beacon(draw, alea["drand"], beacon, when)
    elif beacon is not None:
        raise DrawError(msg.DRAND_NOT_DECLARED, "alea.drand")
    digest = commitments_digest(data["engagements"])
    data["graine"] = seed(digest, alea)
    rules = read_rules(data)
    pool = Pool.from_frozen(data["engagements"])
    distribution = Distribution.from_data(data["engagements"]["tirages_possibles"], pool.type_sizes())
    selection = select(data["graine"], pool, distribution)
    state = DrawState.start(selection, rules, {v.id: v.categories for v in pool.volunteers}, when)
    data["resultat"] = {
        "date": format_datetime(when),
        "nombre_tire": selection.number,
        "tirage_retenu": selection.panel,
    }
    data["reponses"] = []
    data["statut"] = DRAWN
    details = {
        "graine": data["graine"],
        "tirage_retenu": selection.panel,
        "nombre_tire": selection.number,
        "publication": published,
    }
    _seal(draw, data, state, "tirage", format_datetime(when), details)
    return Outcome(data, warnings, [], state)


def _publication(draw: DrawFile, data: dict[str, Any], text: str | None) -> dict[str, Any]:
    """Where the commitments were published before the randomness: a pushed commit, or the
    coordinator's own words (`--publication`) when there is none to show."""
    digest = commitments_digest(data["engagements"])
    history = draw.history
    version = history.first_with(digest) if history.available else None
    remotes = history.published(version.commit) if version is not None else []
    if version is not None and remotes:
        return {"commit": version.commit, "branches": remotes}
    if text and text.strip():
        return {"texte": text.strip(), **({"commit": version.commit} if version is not None else {})}
    if version is None:
        raise DrawError(msg.RUN_NOT_COMMITTED if history.available else msg.RUN_NO_GIT)
    raise DrawError(msg.RUN_NOT_PUSHED.format(commit=version.commit[:12]))


def _record_beacon(draw: DrawFile, drand: dict[str, Any], beacon: Beacon | None, when: datetime) -> None:
    network = draw.authorities.network(drand["chaine"])
    published = network.round_time(drand["ronde"])
    if published > when + CLOCK_TOLERANCE:
        raise DrawError(
            msg.DRAND_NOT_YET.format(
                round=drand["ronde"], published=format_datetime(published), when=format_datetime(when)
            ),
            "alea.drand.ronde",
        )
    if beacon is None:
        raise DrawError(
            msg.DRAND_VALUE_MISSING.format(round=drand["ronde"], chain=drand["chaine"]), "alea.drand.valeur"
        )
    if beacon.round != drand["ronde"]:
        raise DrawError(msg.DRAND_WRONG_ROUND.format(found=beacon.round, expected=drand["ronde"]), "alea.drand.ronde")
    drand["valeur"] = verify_beacon(network, beacon)
    drand["signature"] = beacon.signature
    if beacon.previous_signature:
        drand["signature_precedente"] = beacon.previous_signature


# --- After the run -------------------------------------------------------------------------------


def answer(draw: DrawFile, actor: str, response: str, when: datetime, sent_by: str | None = None) -> Outcome:
    """Record a confirmation or a decline; a decline calls the next reserve who keeps the quotas."""
    data = copy.deepcopy(draw.entry.data)
    state = _drawn_state(draw, data, when)
    changes = state.answer(actor, response, when, sent_by)
    details: dict[str, Any] = {"acteur": actor, "reponse": response}
    if sent_by:
        details["transmise_par"] = sent_by
    if changes:
        details["remplacement"] = changes[0]
    _seal(draw, data, state, "reponse", format_datetime(when), details)
    return Outcome(data, [], changes, state)


def replace(draw: DrawFile, when: datetime) -> Outcome:
    """Give the places of those silent past their own deadline to the reserve."""
    data = copy.deepcopy(draw.entry.data)
    state = _drawn_state(draw, data, when)
    changes = state.replace_silences(when)
    _seal(draw, data, state, "remplacement", format_datetime(when), {"changements": changes})
    return Outcome(data, [], changes, state)


def relax(draw: DrawFile, index: int, bounds: dict[str, int | None], reason: str, when: datetime) -> Outcome:
    """Loosen quota n° `index` (1-based) as the coordinator decides, publicly; offer the vacant places."""
    data = copy.deepcopy(draw.entry.data)
    state = _drawn_state(draw, data, when)
    if not 1 <= index <= len(state.rules.quotas):
        raise DrawError(msg.RELAX_NO_SUCH_QUOTA.format(index=index, count=len(state.rules.quotas)))
    old = state.rules.quotas[index - 1]
    item = old.to_data()
    for key, value in bounds.items():  # None removes a maximum
        if value is None:
            item.pop(key, None)
        else:
            item[key] = value
    new = Quota.from_data(item)
    changes = state.relax(index - 1, new, when)
    details = {"quota": index, "avant": old.to_data(), "apres": new.to_data(), "motif": reason, "changements": changes}
    _seal(draw, data, state, "assouplissement", format_datetime(when), details)
    return Outcome(data, [], changes, state)


def announce_complement(
    draw: DrawFile, when: datetime, dice_count: int | None = None, margin: timedelta = timedelta(minutes=10)
) -> Outcome:
    """Freeze the volunteers who joined since the commitments and announce a future random value."""
    data = copy.deepcopy(draw.entry.data)
    state = _drawn_state(draw, data, when)
    rules = read_rules(data)
    taken = set(Pool.from_frozen(data["engagements"]).ids()) | {m for c in state.complements for m in c["vivier"]}
    late = late_volunteers(draw.entry, draw.commons, rules, taken)
    if not late.volunteers:
        raise DrawError(msg.COMPLEMENT_NOBODY)
    drand = data["alea"].get("drand")
    round_number = draw.authorities.network(drand["chaine"]).first_round_after(when + margin) if drand else None
    count = None if drand else (dice_count or data["alea"]["des"]["nombre"])
    empreinte = complement_fingerprint(late.commitment(), round_number, count)
    record: dict[str, Any] = {"annonce": format_datetime(when), "vivier": late.ids(), "empreinte": empreinte}
    record |= {"ronde": round_number} if drand else {"nombre_des": count}
    state.announce_complement(record)
    details: dict[str, Any] = {"vivier": late.commitment(), "empreinte": empreinte}
    details |= {"ronde": round_number} if drand else {"nombre_des": count}
    _seal(draw, data, state, "complement", format_datetime(when), details)
    config = data.get("horodatage")
    if config:
        authority = draw.authorities.authority(config["autorite"])
        token = request_token(authority, config["adresse"], canonical_json(journal.signed_part(data["journal"][-1])))
        data.setdefault("horodatages", {}).setdefault("complements", []).append(token)
    return Outcome(data, [], [], record)


def draw_complement(draw: DrawFile, beacon: Beacon | None, dice: str | None, when: datetime) -> Outcome:
    """Draw the order of the late volunteers from the announced random value; offer the vacant places."""
    data = copy.deepcopy(draw.entry.data)
    state = _drawn_state(draw, data, when)
    record = state.complements[-1] if state.complements and "tire_le" not in state.complements[-1] else None
    if record is None:
        raise DrawError(msg.COMPLEMENT_NONE_ANNOUNCED)
    announcement = next(e for e in reversed(data["journal"]) if e["evenement"] == "complement")
    if "ronde" in record:
        source: dict[str, Any] = {"chaine": data["alea"]["drand"]["chaine"], "ronde": record["ronde"]}
        _record_beacon(draw, source, beacon, when)
        record.update({k: source[k] for k in ("valeur", "signature", "signature_precedente") if k in source})
        random_part: dict[str, Any] = {"drand": source}
    else:
        if dice is None:
            raise DrawError(msg.DICE_MISSING.format(count=record["nombre_des"]))
        record["des"] = check_dice(dice, record["nombre_des"])
        random_part = {"des": record["des"]}
    complement_seed = fingerprint({"graine": data["graine"], "complement": record["empreinte"], **random_part})
    late = Pool.from_commitment(announcement["details"]["vivier"])
    order = HashStream(complement_seed, "complement").shuffle(late.ids())
    record.update({"tire_le": format_datetime(when), "ordre": order})
    changes = state.extend_reserve(order, {v.id: v.categories for v in late.volunteers}, when)
    details = {**random_part, "graine": complement_seed, "ordre": order, "changements": changes}
    _seal(draw, data, state, "complement_tirage", format_datetime(when), details)
    return Outcome(data, [], changes, state)


def close(draw: DrawFile, reason: str, when: datetime) -> Outcome:
    """Close the draw as it stands; its vacant places stay listed."""
    data = copy.deepcopy(draw.entry.data)
    state = _drawn_state(draw, data, when)
    state.close(when, reason)
    vacancies = [v.data() for v in state.vacancies]
    _seal(draw, data, state, "cloture", format_datetime(when), {"motif": reason, "places_vacantes": vacancies})
    return Outcome(data, [], [], state)


def inscribe(draw: DrawFile, when: datetime) -> Outcome:
    """Journal the answers added to `reponses` by a pull request or the web form, in date order."""
    data = copy.deepcopy(draw.entry.data)
    report = _answerable(draw, data, when)
    if not report.pending:
        raise DrawError(msg.NOTHING_TO_INSCRIBE)
    assert report.state is not None  # a draw that verifies has a replayed state
    changes = _inscribe(draw, data, report.state, report.pending, when)
    return Outcome(data, [], changes, report.pending)


def record_answer_data(
    entry_data: dict[str, Any],
    actor_id: str,
    response: str,
    when: datetime,
    sent_by: str,
    *,
    now: datetime | None = None,
    authorities: Authorities | None = None,
) -> dict[str, Any]:
    """The draw's data with one more pending answer in `reponses` (the web form's pull request).

    `sent_by` says who sent it (required: an answer carries who sent it). The answer is checked
    exactly as `verifier` checks a pending answer. Raises `DrawError` whose `field` is the path
    of the field at fault (`reponses.3.date`…).
    """
    if response not in (CONFIRMED, DECLINED):
        raise DrawError(msg.PENDING_BAD_ANSWER.format(answer=response), "reponse")
    if when.tzinfo is None:
        raise DrawError(msg.DATETIME_WITHOUT_ZONE.format(value=when.isoformat(), field="date"), "date")
    if not sent_by.strip():
        raise DrawError(msg.SENDER_MISSING, "transmise_par")
    now = now or clock.now()
    data = copy.deepcopy(entry_data)
    if data.get("statut") != DRAWN:
        raise DrawError(msg.NOT_ANSWERABLE.format(status=data.get("statut")), "statut")
    item = {
        "acteur": actor_id,
        "reponse": response,
        "date": format_datetime(when),
        "transmise_par": sent_by.strip()[:200],
    }
    data["reponses"] = [*(data.get("reponses") or []), item]
    report = verify_data(data, authorities, now=now)
    if report.errors:
        raise DrawError(report.errors[0], report.located.get(0, ""))
    return data


# --- Inside --------------------------------------------------------------------------------------


def _check_sources_after(draw: DrawFile, alea: dict[str, Any], committed: datetime) -> None:
    """Refuse a random source that exists already (or may) when the commitments are made."""
    drand = alea.get("drand")
    if drand:
        network = draw.authorities.network(drand["chaine"])
        published = network.round_time(drand["ronde"])
        if published <= committed:
            raise DrawError(
                msg.DRAND_ROUND_TOO_EARLY.format(
                    round=drand["ronde"],
                    published=format_datetime(published),
                    committed=format_datetime(committed),
                    suggestion=network.first_round_after(committed + timedelta(hours=1)),
                ),
                "alea.drand.ronde",
            )
    dice = alea.get("des")
    if dice and parse_datetime(dice["date"], "alea.des.date") <= committed:
        raise DrawError(
            msg.DICE_TOO_EARLY.format(rolled=dice["date"], committed=format_datetime(committed)), "alea.des.date"
        )


def _refuse_if_altered(draw: DrawFile, data: dict[str, Any], now: datetime) -> Report:
    report = verify_data(data, draw.authorities, now=now)
    if report.errors:
        raise DrawError(msg.ENTRY_EDITED.format(problems="\n  - ".join(report.errors)))
    return report


def _answerable(draw: DrawFile, data: dict[str, Any], now: datetime) -> Report:
    if data.get("statut") not in (DRAWN, CLOSED):
        raise DrawError(msg.NOT_DRAWN.format(status=data.get("statut")), "statut")
    report = _refuse_if_altered(draw, data, now)
    assert report.state is not None
    if report.state.closed is not None:
        raise DrawError(msg.ALREADY_CLOSED_BY_COORDINATOR.format(date=report.state.closed["date"]), "statut")
    return report


def _drawn_state(draw: DrawFile, data: dict[str, Any], when: datetime) -> DrawState:
    """The replayed state of a drawn entry, its pending answers journaled first (in `data`)."""
    report = _answerable(draw, data, when)
    assert report.state is not None
    _inscribe(draw, data, report.state, report.pending, when)
    return report.state


def _inscribe(
    draw: DrawFile, data: dict[str, Any], state: DrawState, pending: list[dict[str, Any]], when: datetime
) -> list[dict[str, Any]]:
    changes = []
    for item in pending:
        moment = parse_datetime(item["date"], "reponses.date")
        caused = state.answer(item["acteur"], item["reponse"], moment, item.get("transmise_par"))
        details: dict[str, Any] = {
            "acteur": item["acteur"],
            "reponse": item["reponse"],
            "inscrite_le": format_datetime(when),
        }
        if item.get("transmise_par"):
            details["transmise_par"] = item["transmise_par"]
        brought = draw.history.added(item) if draw.history.available else None
        if brought is not None:
            details["apportee_par"] = {"commit": brought.commit, "auteur": brought.author}
        if caused:
            details["remplacement"] = caused[0]
        changes.extend(caused)
        _seal(draw, data, state, "reponse", format_datetime(moment), details)
    return changes


def _seal(
    draw: DrawFile, data: dict[str, Any], state: DrawState, event: str, date: str, details: dict[str, Any]
) -> None:
    """Write the state into the entry, fingerprint it, and journal the event with that fingerprint."""
    seal_state(data, state)
    data["statut"] = CLOSED if state.complete else DRAWN
    _append(draw, data, date, event, {**details, "etat": data["resultat"]["empreinte"]})


def _append(draw: DrawFile, data: dict[str, Any], date: str, event: str, details: dict[str, Any]) -> dict[str, Any]:
    """Journal an event, bound to the commit that published the journal before it (if any)."""
    if draw.history.available:
        found = draw.history.latest_prefix(data["journal"])
        if found is not None:
            version, length = found
            details = {**details, "depot": {"commit": version.commit, "evenements": length}}
    return journal.append(data["journal"], date, event, details)
