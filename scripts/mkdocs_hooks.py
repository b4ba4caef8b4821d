"""MkDocs hooks of the documentation site (mkdocs.yml ``hooks:``): pages generated at build time.

- ``<!-- presslens:tour -->`` is replaced by the README's "A five-minute tour" section (one text, two places);
- ``<!-- presslens:schema-table -->`` by the dossier JSON Schema rendered as tables (one per object type),
  generated from the shipped schema, so the reference cannot drift from what ``presslens schema`` prints;
- the "Model cards", "Benchmarks" and "Example reports" sections of the nav list every page of
  ``docs/models/``, ``docs/benchmarks/`` and ``docs/examples/`` (a new page appears without editing mkdocs.yml).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOUR = "<!-- presslens:tour -->"
SCHEMA = "<!-- presslens:schema-table -->"


#: nav section → (pages listed first, folder of docs/ whose pages follow in name order)
AUTO_SECTIONS = {"Model cards": ((), "models"), "Benchmarks": (("benchmarks.md",), "benchmarks"),
                 "Example reports": ((), "examples")}


def on_config(config: Any, **_: Any) -> Any:
    _fill(config["nav"] or [], Path(config["docs_dir"]))
    return config


def _fill(nav: list[Any], docs: Path) -> None:
    for entry in nav:
        if not isinstance(entry, dict):
            continue
        for title, value in entry.items():
            if title in AUTO_SECTIONS:
                first, folder = AUTO_SECTIONS[title]
                entry[title] = [*first, *(f"{folder}/{p.name}" for p in sorted((docs / folder).glob("*.md")))]
            elif isinstance(value, list):
                _fill(value, docs)


def on_page_markdown(markdown: str, **_: Any) -> str:
    if TOUR in markdown:
        markdown = markdown.replace(TOUR, readme_section("A five-minute tour"))
    if SCHEMA in markdown:
        markdown = markdown.replace(SCHEMA, schema_tables())
    return markdown


def readme_section(title: str) -> str:
    """The README section under ``## title`` (to the next ``## ``), links made relative to docs/."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    if m is None:
        raise ValueError(f"README.md has no '## {title}' section")
    return re.sub(r"\]\(docs/", "](", m.group(1))


def _type(node: dict[str, Any]) -> str:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{_anchor(name)})"
    if "const" in node:
        return f"`{node['const']!r}`"
    if "enum" in node:
        return " \\| ".join(f"`{v}`" for v in node["enum"])
    for key in ("anyOf", "oneOf"):
        if key in node:
            return " or ".join(_type(n) for n in node[key])
    t = node.get("type", "any")
    if isinstance(t, list):
        t = " or ".join(t)
    if t == "array" and "items" in node:
        return f"array of {_type(node['items'])}"
    if t == "array" and "prefixItems" in node:
        return "[" + ", ".join(_type(n) for n in node["prefixItems"]) + "]"
    return str(t)


def _anchor(name: str) -> str:
    return "def-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _cell(s: str) -> str:
    return " ".join(str(s).split()).replace("|", "\\|")


def _rows(node: dict[str, Any], prefix: str = "") -> list[str]:
    rows = []
    required = set(node.get("required", ()))
    for name, prop in (node.get("properties") or {}).items():
        path = f"{prefix}{name}"
        rows.append(f"| `{path}` | {_type(prop)} | {'yes' if name in required else ''} | "
                    f"{_cell(prop.get('description', ''))} |")
        if prop.get("type") == "object" and "properties" in prop:
            rows += _rows(prop, path + ".")
    return rows


def schema_tables() -> str:
    """The dossier JSON Schema as Markdown tables: the document, then each definition."""
    from presslens.dossier.schema import load_schema

    schema = load_schema()
    head = "| field | type | required | meaning |\n|---|---|---|---|\n"
    out = [f"Schema version **{schema['properties']['schema_version'].get('const', '?')}** "
           f"(`presslens schema` prints the JSON Schema itself).\n", "## The dossier document\n",
           head + "\n".join(_rows(schema)) + "\n"]
    rules = schema["properties"]["findings"]["items"].get("allOf", [])
    if rules:
        out.append("## Finding attrs by label\n")
        out.append("A finding's `attrs` follow the definition of its label (a `capability.` prefix covers a family; "
                   "the Python classes are in `presslens.dossier.attrs`). Other labels have free-form attrs.\n")
        table = ["| label | attrs |", "|---|---|"]
        for rule in rules:
            cond = rule["if"]["properties"]["label"]
            label = cond.get("const") or cond.get("pattern", "").lstrip("^").replace("\\.", ".") + "*"
            table.append(f"| `{label}` | {_type(rule['then']['properties']['attrs'])} |")
        out.append("\n".join(table) + "\n")
    for name, node in schema.get("$defs", {}).items():
        out.append(f'## {name} {{#{_anchor(name)}}}\n')
        if node.get("description"):
            out.append(_cell(node["description"]) + "\n")
        rows = _rows(node)
        out.append(head + "\n".join(rows) + "\n" if rows else f"Type: {_type(node)}\n")
    return "\n".join(out)
