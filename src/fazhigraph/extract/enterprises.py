"""Enterprise mentions (first version: nothing found yet)."""
from __future__ import annotations

from spacy.tokens import Doc

from ..model import Mention
from . import register

COMPONENT = "fazhi_enterprises"


def extract(doc: Doc) -> list[Mention]:
    return []


def lexicon():
    return []


register(COMPONENT, extract)
