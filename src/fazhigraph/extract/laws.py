"""Laws and normative documents cited by title (first version: 《…》 titles)."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..model import Mention
from . import register

COMPONENT = "fazhi_laws"
_TITLE = re.compile(r"《([^《》\n]{2,80})》")


def extract(doc: Doc) -> list[Mention]:
    out = []
    for m in _TITLE.finditer(doc.text):
        out.append(Mention("Law", m.group(1), m.start(1), m.end(1), m.group(1)))
    return out


def lexicon():
    return []


register(COMPONENT, extract)
