"""One comparison form for every spelling of a year range in a document title.

《法治政府建设实施纲要（2021—2025年）》 is cited as (2021-2025年), (2021～2025), (2021 —2025),
(2021年至2025年) or with the dash lost (20212025): the extractor's catalogue look-up and the
linker's node key (``link.name_key``) both fold these to ``2021-2025`` so that one document is one
catalogue entry and one graph node. Kept apart from ``extract`` so the linker imports nothing heavy.
"""
from __future__ import annotations

import re

#: two years, the second after the first, with a dash, 至/到, a space or nothing between them
_RANGE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年?\s*(?:-+|至|到)?\s*((?:19|20)\d{2})(?:\s*年(?!度))?(?!\d)"
)


def _range(m: re.Match) -> str:
    lo, hi = int(m.group(1)), int(m.group(2))
    if not 0 < hi - lo <= 30:
        return m.group(0)
    return f"{lo}-{hi}"


def year_range_key(text: str) -> str:
    """``text`` (dashes already folded to '-') with each year range as ``YYYY-YYYY``."""
    if not any(c.isdigit() for c in text):
        return text
    return _RANGE.sub(_range, text)
