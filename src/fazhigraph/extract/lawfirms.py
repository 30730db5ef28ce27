"""Law firms (律师事务所)."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..model import Mention
from . import register

COMPONENT = "fazhi_lawfirms"
_FIRM = re.compile(r"[\u4e00-\u9fff（）()]{2,20}律师事务所")


def extract(doc: Doc) -> list[Mention]:
    return [Mention("LawFirm", m.group(), m.start(), m.end(), m.group()) for m in _FIRM.finditer(doc.text)]


def lexicon():
    return []


register(COMPONENT, extract)
