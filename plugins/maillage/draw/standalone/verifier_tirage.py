#!/usr/bin/env python3
"""Vérifier un tirage au sort Maillage, seul, avec Python 3.11 ou plus récent et rien d'autre.

    python3 verifier_tirage.py tirage.json            (le fichier publié avec le tirage)
    python3 verifier_tirage.py https://…/tirage.json  (le télécharge d'abord)
    python3 verifier_tirage.py tirage.json --en-ligne (compare aussi la ronde drand au réseau public)

Ce script est indépendant de Maillage : il refait à la main tout ce qui se refait avec la
bibliothèque standard de Python, et dit en français ce qui diffère (code de sortie 1).

Il vérifie :
  1. les empreintes SHA-256 des règles, du vivier figé et de la distribution, et l'empreinte
     de l'ensemble des engagements ;
  2. que chaque tirage possible de la distribution respecte les règles (taille des groupes,
     quotas) et que les probabilités affichées sont exactement celles de la distribution ;
  3. le jeton d'horodatage RFC 3161 : qu'il horodate bien ces engagements, et à quelle date
     (avant l'aléa) ; sa signature est vérifiée par `openssl ts -verify` si openssl est installé ;
  4. la valeur drand (le SHA-256 de la signature publiée), la date de sa ronde (après les
     engagements), et, avec --en-ligne, qu'elle est bien celle que le réseau publie ;
  5. la graine, le tirage retenu, les groupes et la réserve ;
  6. le journal chaîné, en rejouant chaque réponse, remplacement, assouplissement, tirage
     complémentaire et clôture, jusqu'aux groupes et au statut affichés.

Ce qu'il NE vérifie PAS, et pourquoi (`maillage tirage verifier` le fait) :
  - que la distribution est la plus équitable possible (leximin) : il faut un solveur de
    programmation linéaire, absent de la bibliothèque standard ;
  - la signature BLS de la ronde drand : il faudrait un millier de lignes d'arithmétique sur
    la courbe BLS12-381 ; --en-ligne compare la ronde au réseau drand lui-même, et les outils
    de drand (https://drand.love) vérifient la signature ;
  - l'historique git (publication des engagements, journal jamais réécrit) : il n'est pas
    dans le fichier publié.

Comment la graine est faite : SHA-256 du JSON canonique (clés triées, sans espaces, UTF-8)
de {"des": faces des dés ou null, "drand": {"chaine", "ronde", "valeur"} ou null,
"engagements": empreinte des engagements}. Le k-ième nombre d'un flux nommé L est l'entier
lu dans SHA-256(graine ‖ octet 0 ‖ L ‖ octet 0 ‖ k sur 8 octets) ; voir `Flux` plus bas.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import struct
import subprocess
import sys
import tempfile
import urllib.request
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

ECHELLE = 10**9
TOLERANCE_HORLOGE = timedelta(minutes=5)


# --- Outils ----------------------------------------------------------------------------------


def canonique(valeur: object) -> bytes:
    """JSON canonique : clés triées, sans espaces, UTF-8 (aucun nombre à virgule n'y entre)."""
    return json.dumps(valeur, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def empreinte(valeur: object) -> str:
    return hashlib.sha256(canonique(valeur)).hexdigest()


def date(texte: str) -> datetime:
    return datetime.fromisoformat(str(texte).replace("Z", "+00:00"))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def proba_texte(valeur: Fraction) -> str:
    micro = (valeur * 10**6 + Fraction(1, 2)).__floor__()
    return f"{micro // 10**6}.{micro % 10**6:06d}"


class Flux:
    """Le flux pseudo-aléatoire : SHA-256(graine ‖ 0 ‖ nom ‖ 0 ‖ compteur sur 8 octets)."""

    def __init__(self, graine: str, nom: str):
        self.prefixe = bytes.fromhex(graine) + b"\x00" + nom.encode("utf-8") + b"\x00"
        self.compteur = 0

    def bloc(self) -> int:
        valeur = hashlib.sha256(self.prefixe + self.compteur.to_bytes(8, "big")).digest()
        self.compteur += 1
        return int.from_bytes(valeur, "big")

    def sous(self, borne: int) -> int:
        """Un entier uniforme dans [0, borne) : le reste de la division, sauf dans le dernier bloc incomplet."""
        limite = (1 << 256) - (1 << 256) % borne
        while True:
            nombre = self.bloc()
            if nombre < limite:
                return nombre % borne

    def melange(self, elements: list) -> list:
        """Fisher–Yates, de la dernière position à la première, j = sous(i + 1)."""
        resultat = list(elements)
        for i in range(len(resultat) - 1, 0, -1):
            j = self.sous(i + 1)
            resultat[i], resultat[j] = resultat[j], resultat[i]
        return resultat


class Verification:
    def __init__(self) -> None:
        self.erreurs: list[str] = []
        self.notes: list[str] = []

    def exiger(self, condition: bool, message: str) -> bool:
        if not condition:
            self.erreurs.append(message)
        return condition


# --- Règles et quotas ---------------------------------------------------------------------------


def regles_engagees(fiche: dict) -> dict:
    alea = fiche.get("alea") or {}
    drand, des = alea.get("drand"), alea.get("des")
    return {
        "commune": fiche["commune"],
        "echelle": fiche["echelle"],
        "vivier": fiche.get("vivier") or {},
        "groupes": fiche["groupes"],
        "quotas": fiche.get("quotas") or [],
        "periode": fiche["periode"],
        "delai_reflexion_jours": fiche["delai_reflexion_jours"],
        "alea": {
            "drand": {k: drand[k] for k in ("chaine", "ronde")} if drand else None,
            "des": {k: v for k, v in des.items() if k != "resultat"} if des else None,
        },
    }


def quota(item: dict) -> dict:
    c = item["categorie"]
    return {
        "cle": f"{c['champ']}={c['valeur']}",
        "min_g": item.get("min_par_groupe", 0),
        "max_g": item.get("max_par_groupe"),
        "min_t": item.get("min_total", 0),
        "max_t": item.get("max_total"),
        "donnee": item,
    }


def dans(valeur: int, bas: int, haut: int | None) -> bool:
    return bas <= valeur and (haut is None or valeur <= haut)


# --- Les vérifications -------------------------------------------------------------------------


def verifier(publie: dict, en_ligne: bool) -> Verification:
    v = Verification()
    fiche = publie["fiche"]
    eng = fiche.get("engagements")
    if fiche.get("statut") in (None, "brouillon") or not isinstance(eng, dict):
        v.notes.append("ce tirage n'est pas encore préparé : rien à vérifier")
        return v
    digest = empreinte(eng)
    v.notes.append(f"empreinte des engagements : {digest}")

    # 1. Empreintes
    v.exiger(empreinte(regles_engagees(fiche)) == eng["regles"], "les règles ont changé depuis les engagements")
    types = {t["numero"]: t for t in eng["types"]}
    vivier = sorted((x["acteur"], sorted(types[x["type"]]["categories"])) for x in eng["volontaires"])
    v.exiger(
        empreinte([[i, c] for i, c in vivier]) == eng["vivier"], "le vivier figé ne correspond plus à son empreinte"
    )
    v.exiger(
        empreinte(eng["tirages_possibles"]) == eng["distribution"], "la distribution ne correspond plus à son empreinte"
    )
    ordre_types = sorted({tuple(c) for _, c in vivier}, key=lambda c: (len(c), list(c)))
    attendus = [
        {"numero": n, "categories": list(c), "effectif": sum(1 for _, x in vivier if tuple(x) == c)}
        for n, c in enumerate(ordre_types, start=1)
    ]
    v.exiger(
        [{k: t[k] for k in ("numero", "categories", "effectif")} for t in eng["types"]] == attendus,
        "les types de volontaires ne correspondent pas au vivier figé",
    )

    # 2. Distribution : tirages possibles valides, poids, probabilités
    groupes, taille = fiche["groupes"]["nombre"], fiche["groupes"]["taille"]
    quotas = [quota(q) for q in fiche.get("quotas") or []]
    effectifs = [t["effectif"] for t in eng["types"]]
    categories = [set(t["categories"]) for t in eng["types"]]
    totaux = [0] * len(effectifs)
    for numero, tirage in enumerate(eng["tirages_possibles"], start=1):
        plans = [[int(x) for x in g.split()] for g in tirage["groupes"]]
        compte = [sum(p[t] for p in plans) for t in range(len(effectifs))]
        bon = len(plans) == groupes and all(sum(p) == taille and len(p) == len(effectifs) for p in plans)
        bon = bon and all(c <= n for c, n in zip(compte, effectifs, strict=True))
        for q in quotas:
            membres = [t for t, c in enumerate(categories) if q["cle"] in c]
            par_groupe = [sum(p[t] for t in membres) for p in plans]
            bon = bon and all(dans(x, q["min_g"], q["max_g"]) for x in par_groupe)
            bon = bon and dans(sum(par_groupe), q["min_t"], q["max_t"])
        v.exiger(bon, f"le tirage possible n° {numero} ne respecte pas les règles")
        for t, c in enumerate(compte):
            totaux[t] += tirage["poids"] * c
    v.exiger(sum(t["poids"] for t in eng["tirages_possibles"]) == ECHELLE, "les poids ne font pas 1 000 000 000")
    probas = [Fraction(total, ECHELLE * n) for total, n in zip(totaux, effectifs, strict=True)]
    v.exiger(
        [t.get("probabilite") for t in eng["types"]] == [proba_texte(p) for p in probas],
        "les probabilités affichées ne sont pas celles de la distribution",
    )
    v.notes.append("probabilités d'être tiré, par type : " + ", ".join(proba_texte(p) for p in probas))

    # 3. Journal chaîné
    journal = fiche.get("journal") or []
    precedent = "0" * 64
    for n, e in enumerate(journal, start=1):
        signe = {k: e.get(k) for k in ("date", "evenement", "details", "precedent")}
        v.exiger(e.get("precedent") == precedent, f"le journal est rompu à l'événement n° {n}")
        v.exiger(empreinte(signe) == e.get("empreinte"), f"l'événement n° {n} du journal a été modifié")
        precedent = e.get("empreinte")
    premier = journal[0] if journal else {}
    v.exiger(
        premier.get("evenement") == "preparation" and (premier.get("details") or {}).get("engagements") == digest,
        "le premier événement du journal n'est pas la préparation de ces engagements",
    )

    # 4. Aléa : drand et dés
    alea = fiche.get("alea") or {}
    moment_engagement = date(eng["date"])
    instants_alea = []
    drand = alea.get("drand")
    if drand:
        reseau = (publie.get("autorites") or {}).get("drand", {}).get(drand["chaine"])
        if v.exiger(reseau is not None, "la description du réseau drand n'est pas publiée avec le tirage"):
            v.exiger(
                hash_reseau(reseau) == drand["chaine"], "la description du réseau drand ne correspond pas à sa chaîne"
            )
            publication = datetime.fromtimestamp(reseau["genesis_time"] + (drand["ronde"] - 1) * reseau["period"], UTC)
            instants_alea.append(publication)
            v.exiger(
                publication > moment_engagement, f"la ronde drand {drand['ronde']} est publiée avant les engagements"
            )
            v.notes.append(
                f"ronde drand {drand['ronde']} publiée le {iso(publication)} (réseau {reseau.get('metadata', {}).get('beaconID')})"
            )
        if drand.get("valeur"):
            signature = bytes.fromhex(drand.get("signature") or "")
            v.exiger(
                hashlib.sha256(signature).hexdigest() == drand["valeur"],
                "la valeur drand n'est pas le SHA-256 de la signature publiée",
            )
            v.notes.append("signature BLS de la ronde drand : NON vérifiée ici (voir « maillage tirage verifier »)")
            if en_ligne and reseau is not None:
                comparer_en_ligne(v, reseau, drand)
    des = alea.get("des")
    if des:
        instants_alea.append(date(des["date"]))
        v.exiger(date(des["date"]) > moment_engagement, "les dés sont annoncés avant les engagements")
        if des.get("resultat"):
            evenements = [e for e in journal if e.get("evenement") == "des"]
            if v.exiger(
                len(evenements) == 1 and evenements[0]["details"].get("resultat") == des["resultat"],
                "le résultat des dés n'est pas celui inscrit au journal",
            ):
                inscrit = date(evenements[0]["date"])
                if drand and instants_alea:
                    v.exiger(inscrit < instants_alea[0], "les dés sont inscrits après la publication de la ronde drand")
                v.notes.append(
                    f"dés {des['resultat']} inscrits le {iso(inscrit)}, témoins : {', '.join(evenements[0]['details'].get('temoins') or [])}"
                )

    # 5. Jeton d'horodatage
    jeton = (fiche.get("horodatages") or {}).get("engagements")
    if jeton is None:
        v.notes.append(
            "ATTENTION : pas de jeton d'horodatage ; que les engagements aient existé avant l'aléa repose sur la confiance"
        )
    else:
        verifier_jeton(v, publie, jeton, digest, instants_alea)

    # 6. Graine, tirage, groupes, journal rejoué
    if fiche.get("statut") in ("tire", "clos"):
        rejouer(v, fiche, eng, digest, journal)
    return v


def hash_reseau(info: dict) -> str:
    """Le hash d'un réseau drand : SHA-256(période sur 4 octets, genèse sur 8, clé, groupHash, id)."""
    donnees = struct.pack(">I", info["period"]) + struct.pack(">q", info["genesis_time"])
    donnees += bytes.fromhex(info["public_key"]) + bytes.fromhex(info["groupHash"])
    identifiant = (info.get("metadata") or {}).get("beaconID") or "default"
    if identifiant != "default":
        donnees += identifiant.encode("utf-8")
    return hashlib.sha256(donnees).hexdigest()


def comparer_en_ligne(v: Verification, reseau: dict, drand: dict) -> None:
    relais = reseau.get("relais") or ["https://api.drand.sh", "https://drand.cloudflare.com"]
    for adresse in relais:
        url = f"{adresse.rstrip('/')}/{drand['chaine']}/public/{drand['ronde']}"
        try:
            with urllib.request.urlopen(url, timeout=15) as reponse:
                publie = json.loads(reponse.read(65536))
        except (OSError, ValueError) as exc:
            v.notes.append(f"{url} : injoignable ({exc})")
            continue
        v.exiger(
            publie.get("signature") == drand.get("signature"), f"{url} publie une autre signature pour cette ronde"
        )
        v.notes.append(f"ronde comparée à {url}")
        return


# --- RFC 3161 : juste assez de DER pour lire la date et l'empreinte du jeton ---------------------


def tlv(donnees: bytes, position: int) -> tuple[int, bytes, int]:
    etiquette, longueur = donnees[position], donnees[position + 1]
    position += 2
    if longueur & 0x80:
        taille = longueur & 0x7F
        longueur = int.from_bytes(donnees[position : position + taille], "big")
        position += taille
    return etiquette, donnees[position : position + longueur], position + longueur


def enfants(contenu: bytes) -> list[tuple[int, bytes]]:
    resultat, position = [], 0
    while position < len(contenu):
        etiquette, valeur, position = tlv(contenu, position)
        resultat.append((etiquette, valeur))
    return resultat


def lire_jeton(der: bytes) -> tuple[bytes, datetime]:
    """(empreinte horodatée, date) d'un TimeStampResp : status, puis ContentInfo → SignedData →
    encapContentInfo → TSTInfo (version, politique, messageImprint, numéro, genTime)."""
    reponse = enfants(tlv(der, 0)[1])
    signed_data = enfants(enfants(enfants(reponse[1][1])[1][1])[0][1])
    encap = enfants(signed_data[2][1])  # eContentType, [0] { OCTET STRING { TSTInfo } }
    tst_info = enfants(tlv(enfants(encap[1][1])[0][1], 0)[1])
    empreinte_horodatee = enfants(tst_info[2][1])[1][1]
    texte = tst_info[4][1].decode("ascii").rstrip("Z").split(".")[0]
    return empreinte_horodatee, datetime.strptime(texte, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def verifier_jeton(v: Verification, publie: dict, jeton: dict, digest: str, instants_alea: list[datetime]) -> None:
    der = base64.b64decode(jeton["jeton"])
    try:
        horodatee, moment = lire_jeton(der)
    except (IndexError, ValueError) as exc:
        v.erreurs.append(f"jeton d'horodatage illisible ({exc})")
        return
    v.exiger(horodatee.hex() == digest, "le jeton d'horodatage ne porte pas sur ces engagements")
    if instants_alea:
        v.exiger(moment < min(instants_alea), f"les engagements ne sont horodatés que le {iso(moment)}, après l'aléa")
    v.notes.append(f"engagements horodatés le {iso(moment)} par l'autorité « {jeton['autorite']} »")
    pem = (publie.get("autorites") or {}).get("horodatage", {}).get(jeton["autorite"])
    openssl = shutil.which("openssl")
    if pem is None or openssl is None:
        v.notes.append("signature du jeton : NON vérifiée ici (openssl absent ou certificat de l'autorité non publié)")
        return
    with tempfile.TemporaryDirectory() as dossier:
        (Path(dossier) / "jeton.tsr").write_bytes(der)
        (Path(dossier) / "autorite.pem").write_text(pem)
        commande = [
            openssl,
            "ts",
            "-verify",
            "-in",
            "jeton.tsr",
            "-digest",
            digest,
            "-sha256",
            "-CAfile",
            "autorite.pem",
            "-attime",
            str(int(moment.timestamp())),
        ]
        sortie = subprocess.run(commande, cwd=dossier, capture_output=True, text=True, check=False)
    if v.exiger(
        sortie.returncode == 0 and "OK" in sortie.stdout,
        f"openssl refuse la signature du jeton : {(sortie.stdout + sortie.stderr).strip()[:300]}",
    ):
        v.notes.append("signature du jeton vérifiée par openssl avec le certificat de l'autorité")


# --- Le tirage et le journal -------------------------------------------------------------------


def rejouer(v: Verification, fiche: dict, eng: dict, digest: str, journal: list) -> None:
    alea = fiche.get("alea") or {}
    drand, des = alea.get("drand"), alea.get("des")
    graine = empreinte(
        {
            "engagements": digest,
            "drand": {k: drand.get(k) for k in ("chaine", "ronde", "valeur")} if drand else None,
            "des": des.get("resultat") if des else None,
        }
    )
    if not v.exiger(fiche.get("graine") == graine, f"la graine est fausse (le calcul donne {graine})"):
        return
    v.notes.append(f"graine : {graine}")
    resultat = fiche["resultat"]
    nombre = Flux(graine, "distribution").sous(ECHELLE)
    cumul, retenu = 0, 0
    for retenu, tirage in enumerate(eng["tirages_possibles"]):  # noqa: B007
        cumul += tirage["poids"]
        if nombre < cumul:
            break
    v.exiger(
        (resultat.get("nombre_tire"), resultat.get("tirage_retenu")) == (nombre, retenu + 1),
        f"le tirage retenu diffère (le calcul donne le n° {retenu + 1})",
    )
    plans = Flux(graine, "groupes").melange(
        [[int(x) for x in g.split()] for g in eng["tirages_possibles"][retenu]["groupes"]]
    )
    par_type: dict[int, list[str]] = {}
    for x in sorted(eng["volontaires"], key=lambda x: x["acteur"]):
        par_type.setdefault(x["type"], []).append(x["acteur"])
    groupes: list[list[str]] = [[] for _ in plans]
    choisis = set()
    for t in sorted(par_type):
        ordre = Flux(graine, f"type {t}").melange(par_type[t])
        position = 0
        for g, plan in enumerate(plans):
            groupes[g].extend(ordre[position : position + plan[t - 1]])
            position += plan[t - 1]
        choisis.update(ordre[:position])
    reste = [x["acteur"] for x in sorted(eng["volontaires"], key=lambda x: x["acteur"]) if x["acteur"] not in choisis]
    reserve = Flux(graine, "reserve").melange(reste)
    categories = {x["acteur"]: set(eng["types"][x["type"] - 1]["categories"]) for x in eng["volontaires"]}
    etat = Etat(fiche, [sorted(g) for g in groupes], reserve, categories, date(resultat["date"]))
    v.notes.append("groupes tirés : " + " ; ".join(", ".join(g) for g in etat.groupes))
    debut = next((n for n, e in enumerate(journal) if e.get("evenement") == "tirage"), None)
    if not v.exiger(
        debut is not None and journal[debut]["date"] == resultat["date"], "le journal ne contient pas le tirage"
    ):
        return
    annonces: list[dict] = []
    for n, e in enumerate(journal[debut + 1 :], start=debut + 2):
        try:
            etat.rejouer(v, n, e, fiche, graine, annonces)
        except (KeyError, ValueError, TypeError) as exc:
            v.erreurs.append(f"l'événement n° {n} du journal n'aurait pas dû être accepté ({exc})")
    attendu = etat.donnees()
    for cle in ("groupes", "reserve", "remplacements"):
        v.exiger(resultat.get(cle, []) == attendu[cle], f"« {cle} » diffère du recalcul")
    # La raison d'une place vacante est un texte d'explication, pas un calcul : elle est reprise du fichier.
    vacantes = resultat.get("places_vacantes", [])
    if v.exiger(
        [(x["groupe"], x["depuis"]) for x in vacantes]
        == [(x["groupe"], x["depuis"]) for x in attendu["places_vacantes"]],
        "les places vacantes diffèrent du recalcul",
    ):
        attendu["places_vacantes"] = vacantes
    v.exiger(resultat.get("cloture") == attendu.get("cloture"), "la clôture diffère du recalcul")
    statut = "clos" if etat.complet() else "tire"
    v.exiger(
        fiche.get("statut") == statut, f"statut « {fiche.get('statut')} » alors que le recalcul donne « {statut} »"
    )
    base = {k: resultat[k] for k in ("date", "nombre_tire", "tirage_retenu") if k in resultat}
    empreinte_etat = empreinte({"graine": graine, "resultat": {**base, **attendu}, "reponses": etat.liste_reponses})
    v.exiger(
        resultat.get("empreinte") == empreinte_etat and journal[-1]["details"].get("etat") == empreinte_etat,
        "l'empreinte du résultat ne correspond pas au recalcul",
    )


class Etat:
    """Les places après chaque événement du journal (les mêmes règles que Maillage)."""

    def __init__(self, fiche: dict, groupes: list, reserve: list, categories: dict, depuis: datetime):
        self.taille, self.nombre = fiche["groupes"]["taille"], fiche["groupes"]["nombre"]
        self.delai = timedelta(days=fiche["delai_reflexion_jours"])
        self.quotas = [quota(q) for q in fiche.get("quotas") or []]
        self.assoupli = False
        self.groupes, self.reserve, self.categories = groupes, list(reserve), dict(categories)
        self.utilises = {m for g in groupes for m in g}
        self.depuis = dict.fromkeys(self.utilises, depuis)
        self.reponses: dict = {}
        self.liste_reponses: list = []
        self.remplacements: list = []
        self.vacantes: list = []
        self.cloture: dict | None = None
        self.complements: list = []

    def groupe_de(self, acteur: str) -> int | None:
        return next((g for g, m in enumerate(self.groupes) if acteur in m), None)

    def compte(self, membres: list, q: dict) -> int:
        return sum(1 for m in membres if q["cle"] in self.categories.get(m, set()))

    def casse(self, g: int, candidat: str) -> list:
        membres = [*self.groupes[g], candidat]
        assis = [m for x in self.groupes for m in x] + [candidat]
        libres_ici, libres = self.taille - len(membres), self.taille * self.nombre - len(assis)
        casses = []
        for q in self.quotas:
            ici, total = self.compte(membres, q), self.compte(assis, q)
            if (
                ici + libres_ici < q["min_g"]
                or (q["max_g"] is not None and ici > q["max_g"])
                or total + libres < q["min_t"]
                or (q["max_t"] is not None and total > q["max_t"])
            ):
                casses.append(q)
        return casses

    def remplir(self, g: int, sortant: str | None, motif: str, quand: datetime) -> dict:
        restants = [r for r in self.reserve if r not in self.utilises]
        entrant = next((r for r in restants if not self.casse(g, r)), None)
        if entrant is None:
            self.vacantes.append({"groupe": g + 1, "depuis": iso(quand), "raison": None})
        else:
            self.groupes[g] = sorted([*self.groupes[g], entrant])
            self.utilises.add(entrant)
            self.depuis[entrant] = quand
        changement = {"groupe": g + 1, "sortant": sortant, "entrant": entrant, "motif": motif, "date": iso(quand)}
        self.remplacements.append(changement)
        return changement

    def repondre(self, acteur: str, reponse: str, quand: datetime, par: str | None) -> list:
        g = self.groupe_de(acteur)
        avant = self.reponses.get(acteur)
        if g is None or quand < self.depuis[acteur] or avant == reponse or (avant == "decline"):
            raise ValueError(f"réponse impossible de {acteur}")
        if reponse == "confirme" and quand > self.depuis[acteur] + self.delai:
            raise ValueError(f"confirmation de {acteur} après son délai")
        self.reponses[acteur] = reponse
        self.liste_reponses.append(
            {"acteur": acteur, "reponse": reponse, "date": iso(quand)} | ({"transmise_par": par} if par else {})
        )
        if reponse == "confirme":
            return []
        self.groupes[g].remove(acteur)
        return [self.remplir(g, acteur, "retrait" if avant == "confirme" else "desistement", quand)]

    def remplir_vacantes(self, motif: str, quand: datetime) -> list:
        changements = []
        for vacante in sorted(self.vacantes, key=lambda x: (x["groupe"], x["depuis"])):
            self.vacantes.remove(vacante)
            c = self.remplir(vacante["groupe"] - 1, None, motif, quand)
            if c["entrant"] is not None:
                changements.append(c)
        return changements

    def rejouer(self, v: Verification, n: int, e: dict, fiche: dict, graine: str, annonces: list) -> None:
        d, quand, genre = e["details"], date(e["date"]), e["evenement"]
        if self.cloture is not None:
            raise ValueError("événement après la clôture")
        if genre == "reponse":
            cause = self.repondre(d["acteur"], d["reponse"], quand, d.get("transmise_par"))
            v.exiger(
                (cause[0] if cause else None) == d.get("remplacement"),
                f"l'événement n° {n} : le remplacement diffère du recalcul",
            )
        elif genre == "remplacement":
            silencieux = [
                (g, m)
                for g, ms in enumerate(self.groupes)
                for m in sorted(ms)
                if m not in self.reponses and quand > self.depuis[m] + self.delai
            ]
            if not silencieux:
                raise ValueError("aucune place à remplacer")
            changements = []
            for g, m in silencieux:
                self.groupes[g].remove(m)
                changements.append(self.remplir(g, m, "silence", quand))
            v.exiger(changements == d["changements"], f"l'événement n° {n} : les remplacements diffèrent du recalcul")
        elif genre == "assouplissement":
            self.quotas[d["quota"] - 1] = quota(d["apres"])
            self.assoupli = True
            v.exiger(
                self.remplir_vacantes("assouplissement", quand) == d["changements"],
                f"l'événement n° {n} : les remplacements diffèrent du recalcul",
            )
        elif genre == "complement":
            vivier = [[str(i), c] for i, c in d["vivier"]]
            attendu = empreinte({"vivier": vivier, "ronde": d.get("ronde"), "nombre_des": d.get("nombre_des")})
            v.exiger(attendu == d["empreinte"], f"l'événement n° {n} : empreinte du tirage complémentaire fausse")
            annonce = {"annonce": e["date"], "vivier": [i for i, _ in vivier], "empreinte": d["empreinte"]}
            annonce |= {"ronde": d["ronde"]} if d.get("ronde") is not None else {"nombre_des": d["nombre_des"]}
            self.complements.append(annonce)
            annonces.append({"categories": {i: set(c) for i, c in vivier}})
        elif genre == "complement_tirage":
            annonce, tardifs = self.complements[-1], annonces[-1]
            partie = {"drand": d["drand"]} if "drand" in d else {"des": d["des"]}
            if "drand" in d:
                v.exiger(
                    hashlib.sha256(bytes.fromhex(d["drand"]["signature"])).hexdigest() == d["drand"]["valeur"],
                    f"l'événement n° {n} : valeur drand fausse",
                )
                annonce.update(
                    {k: d["drand"][k] for k in ("valeur", "signature", "signature_precedente") if k in d["drand"]}
                )
            else:
                annonce["des"] = d["des"]
            graine_c = empreinte({"graine": graine, "complement": annonce["empreinte"], **partie})
            ordre = Flux(graine_c, "complement").melange(sorted(tardifs["categories"]))
            v.exiger(ordre == d["ordre"], f"l'événement n° {n} : l'ordre des volontaires tardifs diffère du recalcul")
            annonce.update({"tire_le": e["date"], "ordre": ordre})
            self.categories.update(tardifs["categories"])
            self.reserve.extend(ordre)
            v.exiger(
                self.remplir_vacantes("complement", quand) == d["changements"],
                f"l'événement n° {n} : les remplacements diffèrent du recalcul",
            )
        elif genre == "cloture":
            self.cloture = {"date": e["date"], **({"motif": d["motif"]} if d.get("motif") else {})}
        else:
            raise ValueError(f"événement inconnu « {genre} »")

    def complet(self) -> bool:
        membres = [m for g in self.groupes for m in g]
        return self.cloture is not None or (
            not self.vacantes
            and len(membres) == self.taille * self.nombre
            and all(self.reponses.get(m) == "confirme" for m in membres)
        )

    def donnees(self) -> dict:
        """Le résultat recalculé ; la raison d'une place vacante est reprise du fichier (texte libre)."""
        donnees = {
            "groupes": [{"numero": g + 1, "membres": list(m)} for g, m in enumerate(self.groupes)],
            "reserve": list(self.reserve),
            "remplacements": self.remplacements,
            "places_vacantes": sorted(self.vacantes, key=lambda x: (x["groupe"], x["depuis"])),
        }
        if self.assoupli:
            donnees["quotas"] = [q["donnee"] for q in self.quotas]
        if self.complements:
            donnees["complements"] = self.complements
        if self.cloture is not None:
            donnees["cloture"] = self.cloture
        return donnees


# --- Programme ------------------------------------------------------------------------------


def main(arguments: list[str]) -> int:
    if not arguments or arguments[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    source, en_ligne = arguments[0], "--en-ligne" in arguments
    if source.startswith(("https://", "http://")):
        with urllib.request.urlopen(source, timeout=30) as reponse:
            publie = json.loads(reponse.read())
    else:
        publie = json.loads(Path(source).read_text("utf-8"))
    resultat = verifier(publie, en_ligne)
    for note in resultat.notes:
        print(f"note : {note}")
    if resultat.erreurs:
        print(f"{source} : la vérification a trouvé {len(resultat.erreurs)} différence(s) :")
        for erreur in resultat.erreurs:
            print(f"  - {erreur}")
        return 1
    print(
        f"{source} : vérification réussie (hors équité leximin et signature BLS, vérifiées par « maillage tirage verifier »)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
