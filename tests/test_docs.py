"""Keep the docs honest: every CLI command and registered analyzer is documented and has help."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.cli import COMMANDS, build_parser
from presslens.registry import analyzers

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_command_documented_with_help(command, capsys):
    assert f"`presslens {command}`" in (ROOT / "docs" / "cli.md").read_text()
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([command, "--help"])
    assert exc.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_every_builtin_analyzer_documented():
    docs = "".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
    missing = [n for n in analyzers.names() if n.startswith("presslens.") and f"`{n}`" not in docs]
    assert not missing, f"undocumented analyzers: {missing}"


def test_readme_starts_with_install_and_test_commands():
    lines = [ln.strip() for ln in (ROOT / "README.md").read_text().splitlines() if ln.strip()]
    code = lines[lines.index("```bash") + 1 : lines.index("```bash") + 4]
    assert code[0] == 'pip install -e ".[dev]"'
    assert code[1] == "pytest"
    assert code[2].startswith("presslens analyze ../shared/examples/palmyra.txt")


def test_readme_json_shape_names_the_current_schema_version():
    from presslens.dossier.model import SCHEMA_VERSION

    readme = (ROOT / "README.md").read_text()
    assert f'"schema_version": "{SCHEMA_VERSION}"' in readme
    assert f"dossier-{SCHEMA_VERSION}.json" in readme


def test_readme_outputs_are_git_ignored():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "/dossier.html" in ignored and "/dossiers.jsonl" in ignored
