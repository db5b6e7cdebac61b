"""Rules are data: no module of the app may hold a long literal word list.

Vocabularies live in `archive/pipeline/data/` and are loaded through `archive.pipeline.wordlists`;
a set, list, tuple or frozenset literal (or dict keys) of more than 40 strings in code, or a
string that is nothing but more than 40 lower-case words, is a word list that belongs in a data
file.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import archive

#: The whole app: a word list in a service (the sentence around a mention kept its own list
#: of abbreviations) is as much a second copy as one in the pipeline. Migrations are history.
APP = Path(archive.__file__).resolve().parent
LIMIT = 40
WORD = re.compile(r"[a-z0-9&'\-]+")


def _string_count(node: ast.AST) -> int:
    if isinstance(node, ast.Dict):
        elements = [key for key in node.keys if key is not None]
    elif isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        elements = node.elts
    else:
        return 0
    return sum(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elements)


def _block_word_count(node: ast.AST) -> int:
    """The words of a string made only of lower-case words ("news blog post ..."), else 0."""
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return 0
    words = node.value.split()
    return len(words) if all(WORD.fullmatch(word) for word in words) else 0


def long_literals(source: str) -> list[tuple[int, int]]:
    """(line, number of words) of each collection literal or word block in SOURCE holding more
    than LIMIT."""
    found = []
    for node in ast.walk(ast.parse(source)):
        count = max(_string_count(node), _block_word_count(node))
        if count > LIMIT:
            found.append((node.lineno, count))
    return found


def test_a_long_word_list_in_code_is_found():
    words = ", ".join(f'"word{n}"' for n in range(LIMIT + 1))
    assert long_literals(f"WORDS = frozenset({{{words}}})\n") == [(1, LIMIT + 1)]
    assert long_literals(f"WORDS = ({words})\n") == [(1, LIMIT + 1)]


def test_a_block_of_words_in_a_string_is_found():
    words = " ".join(f"word{n}" for n in range(LIMIT + 1))
    assert long_literals(f'WORDS = set("""\n    {words}\n""".split())\n') == [(1, LIMIT + 1)]


def test_a_sentence_is_not_a_word_list():
    sentence = " ".join(["The"] + ["word"] * LIMIT) + "."
    assert long_literals(f'"""{sentence}"""\n') == []


def test_a_short_list_is_allowed():
    words = ", ".join(f'"word{n}"' for n in range(LIMIT))
    assert long_literals(f"WORDS = [{words}]\n") == []


def test_no_module_holds_a_long_word_list():
    offenders = {
        str(path.relative_to(APP)): found
        for path in sorted(APP.rglob("*.py"))
        if "migrations" not in path.parts
        and (found := long_literals(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
