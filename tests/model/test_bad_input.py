"""Bad input gets a clear French error naming file, line and field — never a crash, never a silent change.

One test per kind of bad input named in the Foundation issue.
"""

from __future__ import annotations

import pytest

from maillage.model.load import MAX_FILE_BYTES


def only(commons, severity="erreur"):
    return [p for p in commons.problems if p.severity.value == severity]


def test_a_valid_actor_has_no_problem(write, check, valid_actor):
    write("acteurs", "compagnie-des-sapins.md", valid_actor)
    commons = check()
    assert commons.problems == []
    assert commons.entries["compagnie-des-sapins"].title == "Compagnie des Sapins"


def test_invalid_yaml_is_located(write, check):
    write("acteurs", "casse.md", "---\nschema_version: 1\nnom: [non fermé\nforme: organisation\n---\n")
    [problem] = check().problems
    assert problem.path == "content/acteurs/casse.md"
    assert problem.line >= 3
    assert problem.message.startswith("syntaxe YAML invalide")


def test_alias_expansion_bomb_is_refused_quickly(write, check):
    bomb = ["---", "schema_version: 1", 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}]")
    bomb += ["nom: *i", "---", ""]
    write("acteurs", "bombe.md", "\n".join(bomb))
    problems = check().problems
    assert problems, "an alias bomb must be refused"
    assert all("alias" in p.message for p in problems)
    assert problems[0].path == "content/acteurs/bombe.md"


def test_python_and_unknown_tags_are_refused(write, check, actor):
    write("acteurs", "tag.md", actor(nom="!!python/object/apply:os.system ['echo pwned']"))
    write("acteurs", "tag-local.md", actor(nom="!local quelque chose"))
    messages = [p.message for p in check().problems]
    refused = "étiquette YAML non autorisée « tag:yaml.org,2002:python/object/apply:os.system »"
    assert any(refused in m for m in messages)
    assert any("« !local »" in m for m in messages)


def test_duplicate_keys_are_reported_at_the_second_occurrence(write, check, valid_actor):
    write("acteurs", "double.md", valid_actor.replace("echelle: commune\n", "echelle: commune\nnom: Autre nom\n"))
    [problem] = check().problems
    assert (problem.line, problem.field) == (8, "nom")
    assert "champ « nom » en double (déjà présent ligne 3)" in problem.message


def test_a_byte_order_mark_is_reported(write, check, valid_actor):
    write("acteurs", "bom.md", b"\xef\xbb\xbf" + valid_actor.encode())
    [problem] = check().problems
    assert (problem.line, problem.column) == (1, 1)
    assert "BOM" in problem.message


def test_nul_bytes_are_located(write, check, valid_actor):
    write("acteurs", "nul.md", valid_actor.replace("Gérardmer", "Gérard\x00mer").encode())
    [problem] = check().problems
    assert problem.line == 9
    assert "caractère nul" in problem.message


def test_invalid_utf8_is_located(write, check, valid_actor):
    latin1 = valid_actor.encode("utf-8").replace("Gérardmer".encode(), "Gérardmer".encode("latin-1"))
    write("acteurs", "latin1.md", latin1)
    [problem] = check().problems
    assert problem.line == 9
    assert "n'est pas encodé en UTF-8" in problem.message


def test_a_file_over_the_size_cap_is_refused_without_being_parsed(write, check, valid_actor):
    write("acteurs", "enorme.md", valid_actor + "x" * MAX_FILE_BYTES)
    [problem] = check().problems
    assert "fichier trop gros" in problem.message


def test_postal_and_insee_codes_stay_text_and_are_checked(write, check, actor):
    write("acteurs", "postal.md", actor(commune="01000"))
    write("acteurs", "nombre.md", actor(commune="88160"))
    commons = check()
    postal = commons.entries["postal"]
    assert postal.data["commune"] == "01000"  # never the number 1000
    by_file = {p.path.split("/")[-1]: p.message for p in commons.problems}
    assert "est un code postal, pas un code INSEE" in by_file["postal.md"]
    assert 'code postal : Bourg-en-Bresse (01000) — CA du Bassin de Bourg-en-Bresse : écrivez commune: "01053"' in (
        by_file["postal.md"]
    )
    # Unquoted, 88160 is a number in YAML: refused, not silently converted; and since 88160 is
    # also Le Thillot's postal code, both readings are named.
    nombre = by_file["nombre.md"]
    assert nombre.startswith("« commune » : un code INSEE s'écrit entre guillemets, sinon il devient un nombre\n")
    assert 'code INSEE : Épinal (88000) — CA d\'Epinal : écrivez commune: "88160"' in nombre
    assert 'code postal : Le Thillot (88160) — CC des Ballons des Hautes-Vosges : écrivez commune: "88468"' in nombre


def test_the_insee_code_01001_is_a_string_and_valid(write, check, actor):
    write("acteurs", "ain.md", actor(commune="01001"))
    commons = check()
    assert commons.problems == []
    assert commons.entries["ain"].data["commune"] == "01001"


def test_former_codes_of_merged_communes_get_a_helpful_message(write, check, actor):
    write("acteurs", "fusion.md", actor(commune='"88029"'))
    write("acteurs", "ancienne.md", actor(commune='"88204"'))
    messages = {p.path.split("/")[-1]: p.message for p in check().problems}
    assert "ancienne.md" in messages, "88204 (Girmont) merged into Thaon-les-Vosges (88465)"
    assert "est l'ancien code de Girmont, fusionnée dans Thaon-les-Vosges" in messages["ancienne.md"]
    assert 'écrivez commune: "88465" (Thaon-les-Vosges)' in messages["ancienne.md"]
    assert "fusion.md" not in messages


def test_yes_no_and_sexagesimal_values_are_not_silently_converted(write, check, actor):
    write("acteurs", "oui.md", actor(volontaire_tirage="yes", nom="no", resume="12:30"))
    commons = check()
    entry = commons.entries["oui"]
    assert entry.data["nom"] == "no"
    assert entry.data["resume"] == "12:30"
    assert entry.data["volontaire_tirage"] == "yes"
    [problem] = commons.problems
    assert problem.field == "volontaire_tirage"
    assert "un booléen (true ou false) attendu, « yes » trouvé (écrivez true ou false)" in problem.message


def test_unknown_fields_are_reported_with_a_suggestion(write, check, actor):
    write("acteurs", "inconnu.md", actor(comune='"88160"'))
    [problem] = check().problems
    assert problem.field == "comune"
    assert problem.line == 8
    assert problem.message == "champ inconnu « comune » (vouliez-vous dire « commune » ?)"


def test_missing_required_fields_point_at_the_mapping(write, check):
    write("acteurs", "incomplet.md", "---\nschema_version: 1\nnom: X\n---\n")
    messages = sorted(p.message for p in check().problems)
    assert "champ obligatoire « forme » manquant" in messages
    assert "champ obligatoire « commune » manquant" in messages


def test_dangling_references_are_reported_with_a_suggestion(write, check, valid_actor):
    write("acteurs", "compagnie-des-sapins.md", valid_actor)
    write(
        "projets",
        "festival.md",
        "---\nschema_version: 1\ntitre: Festival\nstatut: idee\ncommune: '88196'\nechelle: commune\n"
        "acteurs:\n  - acteur: compagnie-des-sapin\n    role: porteur\n---\n",
    )
    [problem] = check().problems
    assert (problem.path, problem.line, problem.field) == ("content/projets/festival.md", 8, "acteurs.0.acteur")
    assert problem.message == (
        "« acteurs.0.acteur » : aucune fiche « compagnie-des-sapin » n'existe "
        "(vouliez-vous dire « compagnie-des-sapins » ?)"
    )


def test_a_dangling_reference_written_from_a_name_suggests_the_entry_of_that_name(write, check, valid_actor):
    """Contributors write the slug of the name they see; the id is the file's name."""
    write("acteurs", "theatre-basse-terre.md", valid_actor.replace("nom: ", "nom: Compagnie Théâtre du Volcan #", 1))
    write(
        "projets",
        "festival.md",
        "---\nschema_version: 1\ntitre: Festival\nstatut: idee\ncommune: '88196'\nechelle: commune\n"
        "acteurs:\n  - acteur: compagnie-theatre-du-volcan\n    role: porteur\n---\n",
    )
    [problem] = check().problems
    assert problem.message.endswith(
        "(vouliez-vous dire « theatre-basse-terre », la fiche « Compagnie Théâtre du Volcan » ?)"
    )


def test_a_reference_to_an_entry_of_the_wrong_type_is_reported(write, check, valid_actor):
    write("acteurs", "compagnie-des-sapins.md", valid_actor)
    write(
        "outils",
        "photolangage.md",
        "---\nschema_version: 1\ntitre: Photolangage\ncategorie: jeu\nobjectif: Parler.\nlicence: CC0-1.0\n"
        "voir_aussi: [compagnie-des-sapins]\n---\n",
    )
    [problem] = check().problems
    assert problem.message == (
        "« voir_aussi.0 » : « compagnie-des-sapins » est une fiche de type acteur, alors qu'on attend ici un outil"
    )


def test_two_files_with_the_same_id_are_reported(write, check, valid_actor):
    write("acteurs", "meme-nom.md", valid_actor)
    tool = "---\nschema_version: 1\ntitre: T\ncategorie: jeu\nobjectif: O\nlicence: CC0-1.0\n---\n"
    write("outils", "meme-nom.md", tool)
    [problem] = check().problems
    assert problem.path == "content/outils/meme-nom.md"
    assert "identifiant « meme-nom » déjà utilisé par content/acteurs/meme-nom.md" in problem.message


def test_bad_file_names_are_reported_with_the_slug_to_use(write, check, valid_actor):
    write("acteurs", "Théâtre du Lac.md", valid_actor)
    write("acteurs", "a..b.md", valid_actor.replace("Sapins", "Pins"))
    messages = [p.message for p in check().problems if "nom de fichier invalide" in p.message]
    assert any("« Théâtre du Lac.md »" in m and "« theatre-du-lac.md »" in m for m in messages)
    assert any("« a..b.md »" in m and "« a-b.md »" in m for m in messages)


def test_references_with_dots_slashes_capitals_or_accents_are_refused(write, check, valid_actor):
    write("acteurs", "compagnie-des-sapins.md", valid_actor)
    outil = "---\nschema_version: 1\ntitre: T\ncategorie: jeu\nobjectif: O\nlicence: CC0-1.0\nauteurs:\n{}---\n"
    bad = ["../compagnie-des-sapins", "acteurs/compagnie-des-sapins", "Compagnie-des-sapins", "compagnie-des-sapinś"]
    write("outils", "t.md", outil.format("".join(f"  - {json_quote(b)}\n" for b in bad)))
    problems = [p for p in check().problems if p.field.startswith("auteurs.")]
    # One message per bad value: the form is wrong, so no second "does not exist" message.
    assert sorted(p.field for p in problems) == ["auteurs.0", "auteurs.1", "auteurs.2", "auteurs.3"]
    assert all("n'a pas la forme attendue" in p.message for p in problems)


def json_quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def test_a_wrong_siret_checksum_is_reported(write, check, actor):
    write("acteurs", "siret.md", actor(identifiants='{siret: "12345678901234"}'))
    [problem] = check().problems
    assert problem.field == "identifiants.siret"
    assert "n'est pas un SIRET valide" in problem.message


def test_a_valid_siret_rna_and_siren_pass(write, check, actor):
    write("acteurs", "ids.md", actor(identifiants='{siret: "73282932000074", siren: "732829320", rna: "W882001234"}'))
    assert check().problems == []


def test_a_person_without_consent_is_a_warning_not_an_error(write, check, actor):
    write("acteurs", "artiste.md", actor(forme="personne", nature="artiste"))
    commons = check()
    assert only(commons) == []
    [warning] = only(commons, "avertissement")
    assert "sans consentement de publication" in warning.message
    assert commons.entries["artiste"].publishable is False


def test_check_keeps_going_and_reports_every_problem_of_every_file(write, check, actor):
    write("acteurs", "un.md", actor(volontaire_tirage="oui", echelle="pays"))
    write("acteurs", "deux.md", "---\nnom: [\n---\n")
    write("acteurs", "trois.md", b"\xff\xfe")
    write("acteurs", "quatre.md", actor(identifiants='{siret: "1"}'))
    commons = check()
    files = {p.path for p in commons.problems}
    assert files == {f"content/acteurs/{n}.md" for n in ("un", "deux", "trois", "quatre")}
    assert len([p for p in commons.problems if p.path.endswith("un.md")]) == 2


def test_urls_with_characters_a_uri_cannot_hold_are_refused(write, check, actor):
    for i, url in enumerate(['"https://example.org/<svg onload=x>"', '"https://example.org/a b"', "'https://ex.org/\\x'"]):
        write("acteurs", f"url-{i}.md", actor(site_web=url))
    write("acteurs", "iri.md", actor(site_web='"https://example.org/théâtre"'))
    problems = check().problems
    assert sorted(p.path.split("/")[-1] for p in problems) == ["url-0.md", "url-1.md", "url-2.md"]
    assert all("n'est pas une adresse web valide" in p.message for p in problems)


@pytest.mark.parametrize(
    ("raw_value", "name"),
    [
        ('"Cie \\e[2J\\e]0;titre\\a"', "ESC (U+001B)"),
        ('"Cie\\0 nulle"', "NUL (U+0000)"),
        ('"Cie \\u202Eesrevne"', "RIGHT-TO-LEFT OVERRIDE (U+202E)"),
        ('"Cie\\rcachée"', "CR (U+000D)"),
        ('"Cie\\Nsuite"', "NEL (U+0085)"),
        ('"Cie\\Lsuite"', "LINE SEPARATOR (U+2028)"),
        ('"Cie\\Psuite"', "PARAGRAPH SEPARATOR (U+2029)"),
        ('"Cie \\u2066isolée\\u2069"', "LEFT-TO-RIGHT ISOLATE (U+2066)"),
    ],
)
def test_invisible_control_characters_written_as_yaml_escapes_are_refused(write, check, actor, raw_value, name):
    write("acteurs", "cie.md", actor(nom=raw_value))
    [problem] = only(check())
    assert problem.field == "nom" and problem.line == 3
    assert problem.message == f"« nom » contient un caractère invisible refusé : {name} ; retirez-le"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("Corps.\n\nUne ligne\rqui en cache une autre.\n", 11, 10),
        ("Corps \u202eenrevne.\n", 9, 7),
        ("Corps\x1b]8;;https://evil.example\x07lien\x1b]8;;\x07\n", 9, 6),
        ("Corps\u2028suite\n", 9, 6),
    ],
    ids=["carriage-return", "bidi", "osc-hyperlink", "line-separator"],
)
def test_invisible_control_characters_in_the_body_are_refused_at_their_place(write, check, valid_actor, text, line,
                                                                            column):
    write("acteurs", "cie.md", valid_actor.replace("Une compagnie de théâtre de Gérardmer.\n", text))
    problems = only(check())
    assert problems and all(p.message.startswith("caractère invisible refusé : ") for p in problems)
    assert (problems[0].line, problems[0].column) == (line, column)
    assert all("\x1b" not in p.format() and "\r" not in p.format() and "\u202e" not in p.format() for p in problems)


def test_raw_bidi_overrides_and_separators_in_the_front_matter_are_refused(write, check, actor):
    write("acteurs", "cie.md", actor(nom='"Cie \u202edrow"', resume='"un\u2028deux"'))
    messages = [p.message for p in only(check())]
    assert any("RIGHT-TO-LEFT OVERRIDE (U+202E)" in m for m in messages)
    assert any("LINE SEPARATOR (U+2028)" in m for m in messages)


def test_tabs_line_feeds_and_right_to_left_marks_are_ordinary_text(write, check, valid_actor):
    write("acteurs", "cie.md", valid_actor.replace("Une compagnie", "Une\tcompagnie \u200fمسرح\u200f\n\net"))
    assert check().problems == []


@pytest.mark.parametrize(
    "address",
    ["contact@asso.fr?bcc=espion%40evil.example", "contact@asso.fr&cc=x@y.fr", "a b@c.fr", "contact@asso",
     "contact@-asso.fr", "deux@a.fr,trois@b.fr", "contact@asso.fr\\n"],
)
def test_an_email_address_is_one_address_without_query(write, check, actor, address):
    write("acteurs", "cie.md", actor(contact=f'\n  courriel: "{address}"'))
    [problem] = only(check())
    assert problem.field == "contact.courriel"
    assert "n'est pas une adresse électronique valide" in problem.message


@pytest.mark.parametrize("address", ["contact@asso.fr", "prénom.nom@théâtre.fr", "o'brien+atelier@sous.example.org"])
def test_ordinary_email_addresses_pass(write, check, actor, address):
    write("acteurs", "cie.md", actor(contact=f'\n  courriel: "{address}"'))
    assert check().problems == []


def test_a_persons_details_written_without_her_consent_are_a_warning(write, check, actor):
    """Never published, but the repository is public: the file itself should not hold them."""
    write("acteurs", "camille.md", actor(
        forme="personne", nature="artiste",
        contact='\n  telephone: "06 00 00 00 00"\n  adresse: "1 rue de la Paix"',
        consentement='\n  publication: true\n  contact: false\n  date: "2026-01-01"',
    ))
    warnings = [p for p in check().problems if p.severity.value == "avertissement"]
    assert [(p.field, p.line) for p in warnings] == [("contact.telephone", 9), ("contact.adresse", 10)]
    assert all("le dépôt est public : retirez-la du fichier" in p.message for p in warnings)
    assert only(check()) == []  # a warning, not an error: nothing of it is published anyway
