"""Contributed text reaches maintainers' terminals without acting on them.

A title or body holding ESC/OSC sequences, a carriage return or a bidirectional override could
rewrite what `maillage contributions liste/voir` or `maillage verifier` print (hide a line of the
diff under review, retitle the window, reorder a line): every such character is shown instead.
"""

from __future__ import annotations

from click.testing import CliRunner

from maillage.bridge.queue import NewSubmission, Queue
from maillage.cli import main
from maillage.model.controls import visible

HOSTILE = "Fiche\x1b[2K\x1b[1A\x1b]0;titre volé\x07 sûre\rremplacée \u202eesrevne\u2028fin"
RAW = ("\x1b", "\x07", "\r", "\u202e", "\u2028")


def test_visible_shows_every_acting_character_and_nothing_else():
    shown = visible(HOSTILE)
    assert not any(character in shown for character in RAW)
    assert "⟨U+001B⟩[2K" in shown and "⟨U+000D⟩remplacée" in shown and "⟨U+202E⟩" in shown
    assert visible("Théâtre de l'Œuf\n\tligne") == "Théâtre de l'Œuf\n\tligne"
    assert visible("a\nb\tc", one_line=True) == "a⟨U+000A⟩b⟨U+0009⟩c"


def test_contributions_list_and_show_never_send_raw_control_characters(config, tmp_path):
    queue = Queue(config.service.file_attente)
    text = f'---\nschema_version: 1\nnom: "x"\n---\n\n{HOSTILE}\n'
    submission, _ = queue.add(
        NewSubmission("cle", "acteurs", "creation", HOSTILE + "\nligne cachée", text), lambda reserved: "fiche"
    )
    env = {"MAILLAGE_BRIDGE_SECRET": "s"}
    runner = CliRunner()
    listed = runner.invoke(main, ["contributions", "liste", "--config", str(tmp_path / "bridge.toml")], env=env)
    assert listed.exit_code == 0
    assert len(listed.output.splitlines()) == 1  # one line per contribution, whatever the title holds
    shown = runner.invoke(main, ["contributions", "voir", submission.id, "--config", str(tmp_path / "bridge.toml")],
                          env=env)
    assert shown.exit_code == 0
    for output in (listed.output, shown.output):
        assert not any(character in output for character in RAW)
        assert "⟨U+001B⟩" in output and "⟨U+202E⟩" in output


def test_verifier_shows_what_a_value_holds(tmp_path, monkeypatch):
    folder = tmp_path / "content" / "acteurs"
    folder.mkdir(parents=True)
    (folder / "cie.md").write_text(
        '---\nschema_version: 1\nnom: Cie\nforme: organisation\nnature: "asso\\e[8mciation"\n'
        'commune: "88196"\nechelle: commune\n---\nTexte.\n',
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for output_format in ("texte", "json", "github"):
        result = CliRunner().invoke(main, ["verifier", "--format", output_format, "content"])
        assert result.exit_code == 1
        assert "\x1b" not in result.output, output_format
    text = CliRunner().invoke(main, ["verifier", "content"]).output
    assert "ESC (U+001B)" in text and "⟨U+001B⟩" in text
