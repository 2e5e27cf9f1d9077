"""What the `maillage tirage` commands print: French, local times, people by name."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from maillage.draw import clock
from maillage.draw import messages as msg
from maillage.draw.clock import french_date_text, french_datetime, parse_datetime
from maillage.draw.pool import Pool
from maillage.draw.store import DrawFile
from maillage.draw.verify import commitments_digest, randomness_times
from maillage.draw.view import ANSWER_WORDS, REASON_WORDS, draw_view, namer
from maillage.model.numbers import french_count


def _path(draw: DrawFile) -> str:
    return draw.entry.document.path


def _name(draw: DrawFile) -> Any:
    return namer(draw.actor, with_id=True)


def prepared_summary(draw: DrawFile, pool: Pool) -> str:
    """After `preparer`: pool, places, fairness, digest, time-stamp, what to publish before when."""
    data = draw.entry.data
    commitments = data["engagements"]
    token = (data.get("horodatages") or {}).get("engagements")
    stamp = (
        msg.PREPARED_STAMP.format(name=token["autorite"], date=french_date_text(token["date"], clock.now()))
        if token
        else msg.PREPARED_NO_STAMP
    )
    times = randomness_times(data, draw.authorities)
    return msg.PREPARED_SUMMARY.format(
        path=_path(draw),
        date=french_date_text(commitments["date"], clock.now()),
        pool=french_count(len(pool.volunteers)),
        types=len(commitments["types"]),
        excluded=msg.EXCLUDED_PERSONS.format(count=french_count(len(pool.excluded))) if pool.excluded else "",
        groups=data["groupes"]["nombre"],
        size=data["groupes"]["taille"],
        minimum=min(t["probabilite"] for t in commitments["types"]),
        maximin=commitments["maximin"],
        digest=commitments_digest(commitments),
        stamp=stamp,
        randomness=french_datetime(min(times), clock.now()) if times else "?",
    )


def stamped(draw: DrawFile) -> str:
    """After `horodater`."""
    token = draw.entry.data["horodatages"]["engagements"]
    return msg.STAMPED.format(
        path=_path(draw), name=token["autorite"], date=french_date_text(token["date"], clock.now())
    )


def dice_recorded(draw: DrawFile) -> str:
    """After `des`."""
    event = next(e for e in reversed(draw.entry.data["journal"]) if e["evenement"] == "des")
    return msg.DICE_RECORDED.format(
        path=_path(draw),
        faces=event["details"]["resultat"],
        date=french_date_text(event["date"], clock.now()),
        witnesses=", ".join(event["details"]["temoins"]),
    )


def run_summary(draw: DrawFile, state: Any) -> str:
    """After `tirer`: the groups, each deadline."""
    data = draw.entry.data
    head = msg.RUN_SUMMARY.format(
        path=_path(draw),
        date=french_date_text(data["resultat"]["date"], clock.now()),
        seed=data["graine"][:16],
        panel=data["resultat"]["tirage_retenu"],
    )
    return head + "\n" + status_text(draw, clock.now())


def answer_summary(draw: DrawFile, actor: str, response: str, changes: list[dict[str, Any]]) -> str:
    """After `confirmer` or `refuser`: the answer, and the replacement a decline caused."""
    name = _name(draw)
    last = draw.entry.data["reponses"][-1]
    lines = [
        msg.ANSWER_RECORDED.format(
            path=_path(draw),
            name=name(actor),
            answer=ANSWER_WORDS[response],
            date=french_date_text(last["date"], clock.now()),
        )
    ]
    lines.extend(_change_lines(draw, changes))
    if draw.entry.data["statut"] == "clos":
        lines.append(msg.CLOSED_NOW)
    return "\n".join(lines)


def inscribed(draw: DrawFile, items: list[dict[str, Any]], changes: list[dict[str, Any]]) -> str:
    """After `inscrire`."""
    name = _name(draw)
    lines = [
        msg.INSCRIBED_LINE.format(
            name=name(i["acteur"]),
            answer=ANSWER_WORDS[i["reponse"]],
            date=french_date_text(i["date"], clock.now()),
            by=f" (transmise par {i['transmise_par']})" if i.get("transmise_par") else "",
        )
        for i in items
    ]
    lines.extend(_change_lines(draw, changes))
    return "\n".join(lines)


def changes_lines(draw: DrawFile, changes: list[dict[str, Any]]) -> str:
    """After `remplacer`, `assouplir`, `tirer-complement`: who took which place, or why nobody."""
    lines = _change_lines(draw, changes)
    if draw.entry.data["statut"] == "clos":
        lines.append(msg.CLOSED_NOW)
    return "\n".join(lines) or status_text(draw, clock.now())


def _change_lines(draw: DrawFile, changes: list[dict[str, Any]]) -> list[str]:
    name = _name(draw)
    delay = draw.entry.data["delai_reflexion_jours"]
    vacancies = draw.entry.data["resultat"].get("places_vacantes") or []
    lines = []
    for change in changes:
        reason = REASON_WORDS.get(change["motif"], change["motif"])
        if change["entrant"] is None:
            why = next((v["raison"] for v in vacancies if v["groupe"] == change["groupe"]), "")
            lines.append(
                msg.NOT_REPLACED_LINE.format(
                    group=change["groupe"], leaving=name(change["sortant"] or "?"), reason=reason, why=why
                )
            )
            continue
        deadline = french_datetime(parse_datetime(change["date"], "date") + timedelta(days=delay), clock.now())
        template = msg.REPLACED_LINE if change["sortant"] else msg.FILLED_LINE
        lines.append(
            template.format(
                group=change["groupe"],
                leaving=name(change["sortant"] or "?"),
                reason=reason,
                arriving=name(change["entrant"]),
                deadline=deadline,
            )
        )
    return lines


def complement_announced(draw: DrawFile, record: dict[str, Any]) -> str:
    """After `annoncer-complement`."""
    if "ronde" in record:
        network = draw.authorities.network(draw.entry.data["alea"]["drand"]["chaine"])
        published = french_datetime(network.round_time(record["ronde"]), clock.now())
        source = f"ronde drand {record['ronde']}, publiée le {published}"
    else:
        source = f"{record['nombre_des']} dé(s) à lancer en public"
    return msg.COMPLEMENT_ANNOUNCED.format(path=_path(draw), count=french_count(len(record["vivier"])), source=source)


def status_text(draw: DrawFile, moment: datetime) -> str:
    """`etat`: stage, groups with answers and deadlines, vacant places, broken quotas, reserve."""
    view = draw_view(draw.entry.data, draw.actor, draw.authorities, moment, _name(draw), reserve_shown=1)
    lines = [msg.STATUS_LINE.format(path=_path(draw), status=view.status_label)]
    if not view.verified:
        lines.append(msg.STATUS_UNVERIFIED)
        return "\n".join(lines)
    for group in view.groups:
        lines.append(msg.GROUP_TITLE.format(number=group.number))
        lines.extend(msg.MEMBER_LINE.format(name=s.name, answer=s.answer) for s in group.seats)
        lines.extend(msg.VACANT_LINE.format(date=v["since"], reason=v["reason"]) for v in group.vacancies)
        lines.extend(msg.BROKEN_QUOTA_LINE.format(quota=q) for q in group.broken)
        if group.no_professional:
            lines.append(msg.NO_PROFESSIONAL_LINE)
    lines.extend(msg.TOTAL_BROKEN_LINE.format(quota=q) for q in view.broken_totals)
    if view.groups:
        following = msg.RESERVE_NEXT.format(name=view.reserve_left[0]) if view.reserve_left else ""
        lines.append(msg.RESERVE_LEFT.format(count=french_count(view.reserve_count), next=following))
    if view.silent:
        lines.append(msg.SILENT_TO_REPLACE.format(count=french_count(view.silent)))
    if any(g.vacancies for g in view.groups) and view.closed is None:
        lines.append(msg.COORDINATOR_CHOICES)
        lines.append(msg.QUOTAS_TITLE)
        lines.extend(msg.QUOTA_LINE.format(number=n, quota=q) for n, q in enumerate(view.quotas, start=1))
    return "\n".join(lines)
