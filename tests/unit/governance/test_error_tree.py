"""The tree of refusals drawn in ``governance/errors.py`` names every refusal the rules define, and
nothing else, each under the branch it inherits from."""

from __future__ import annotations

import importlib
import pkgutil
import re

import governance
from governance import errors
from governance.errors import GovernanceError

BRANCH = re.compile(r"^(?P<indent>[│ ]*)[├└]── (?P<name>\w+)", re.MULTILINE)


def refusals() -> dict[str, type[GovernanceError]]:
    """Every public refusal class ``governance`` defines, by name (the bot's own, such as a
    charter file's, are not the rules' and stay out of the tree)."""
    for module in pkgutil.walk_packages(governance.__path__, "governance."):
        importlib.import_module(module.name)
    found: dict[str, type[GovernanceError]] = {}
    todo = list(GovernanceError.__subclasses__())
    while todo:
        kind = todo.pop()
        todo += kind.__subclasses__()
        if kind.__module__.startswith("governance.") and not kind.__name__.startswith("_"):
            found[kind.__name__] = kind
    return found


def drawn() -> dict[str, str]:
    """Each name in the docstring's tree, with the name of the branch it hangs from."""
    parents = {0: "GovernanceError"}
    tree: dict[str, str] = {}
    for line in BRANCH.finditer(errors.__doc__ or ""):
        depth = len(line["indent"]) // 4  # the docstring indents the tree by 4
        tree[line["name"]] = parents[depth - 1]
        parents[depth] = line["name"]
    return tree


def test_the_tree_names_every_refusal_and_only_refusals() -> None:
    assert "MinutesLocked" in refusals()  # the walk reaches the packages below governance
    assert sorted(drawn()) == sorted(refusals())


def test_each_refusal_hangs_from_the_branch_it_inherits() -> None:
    defined = refusals()
    for name, parent in drawn().items():
        base = GovernanceError if parent == "GovernanceError" else defined[parent]
        assert issubclass(defined[name], base), f"{name} is drawn under {parent}"
