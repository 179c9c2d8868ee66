"""State methods longer than a limit: `python tools/state_method_lengths.py [LIMIT]` (default 15).

A state is a class in tma_app named *State or deriving from one (rx.State included). A method's
length is its body's lines that hold code: the docstring, comments, blank lines and decorators do
not count; a statement wrapped over several lines counts each of them. Exits 1 when any is longer.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NOT_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}


def code_lines(source: str) -> set[int]:
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _NOT_CODE:
            lines.update(range(token.start[0], token.end[0] + 1))
    return lines


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Subscript):
        return _name(node.value)
    return ""


def _body(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.stmt]:
    body = function.body
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return body[1:]
    return body


def state_methods(root: Path) -> list[tuple[int, str, str]]:
    """(lines of code, path:line, Class.method) for every method of every state class under `root`."""
    found = []
    for path in sorted(root.rglob("*.py")):
        source = path.read_text()
        code = code_lines(source)
        for cls in (n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ClassDef)):
            if not (cls.name.endswith("State") or any(_name(b).endswith("State") for b in cls.bases)):
                continue
            for function in cls.body:
                if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) and (body := _body(function)):
                    span = set(range(body[0].lineno, (body[-1].end_lineno or body[-1].lineno) + 1))
                    where = f"{path.relative_to(root.parent)}:{function.lineno}"
                    found.append((len(span & code), where, f"{cls.name}.{function.name}"))
    return sorted(found, reverse=True)


def main() -> int:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    methods = state_methods(ROOT / "tma_app")
    longer = [m for m in methods if m[0] > limit]
    print(f"{len(methods)} state methods; {len(longer)} longer than {limit} lines of code")
    for lines, where, name in longer:
        print(f"{lines:4}  {where:55} {name}")
    return 1 if longer else 0


if __name__ == "__main__":
    sys.exit(main())
