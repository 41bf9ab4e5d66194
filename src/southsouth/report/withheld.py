"""The diplomatic edition: which names a report withholds, and their removal from prose.

The analysis is unchanged (coalitions still avoid high-tension pairs, the civic-space finding
still counts); only the document stops naming the countries in a bilateral tension or with a
closed civic space in those contexts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from southsouth.roadmap.evidence import GroupEvidence

_PARENTHESIS = re.compile(r"\(([^()]*)\)")
#: Words that make a text about tensions: a pair named elsewhere (an air route, a trade link)
#: is not a tension named.
_TENSION = re.compile(r"tension|rival|dispute|conflict|hostil|friction|territorial", re.I)


@dataclass(frozen=True)
class Withheld:
    """High-tension pairs (ISO3) and members rated closed, and how prose names the pairs."""

    pairs: tuple[tuple[str, str], ...]
    closed: tuple[str, ...]
    pair_texts: tuple[str, ...]

    @classmethod
    def of(cls, ev: GroupEvidence) -> Withheld:
        """What a diplomatic edition of ``ev``'s report withholds."""
        names = ev.names()
        pairs = (
            tuple((str(a), str(b)) for a, b in zip(ev.tensions["a"], ev.tensions["b"], strict=True))
            if len(ev.tensions)
            else ()
        )
        closed = tuple(ev.civic.listed(ev.group, "Closed")) if ev.civic is not None else ()
        texts = {
            f"{names.get(x, x)}–{names.get(y, y)}" for a, b in pairs for x, y in ((a, b), (b, a))
        }
        return cls(pairs, closed, tuple(sorted(texts, key=len, reverse=True)))

    @property
    def parties(self) -> tuple[str, ...]:
        """Members in at least one high-tension pair."""
        return tuple(sorted({c for pair in self.pairs for c in pair}))

    def names_a_pair(self, text: str) -> bool:
        """Whether ``text`` names a high-tension pair as such (in a text about tensions)."""
        return bool(_TENSION.search(text)) and self._lists_pairs(text)

    def _lists_pairs(self, text: str) -> bool:
        return any(pair in text for pair in self.pair_texts)

    def redact(self, text: str, listing: str, single: str) -> str:
        """``text`` with every parenthesis that lists high-tension pairs replaced by
        ``listing`` and any other pair named replaced by ``single``."""
        if not self.names_a_pair(text):
            return text

        def swap(match: re.Match[str]) -> str:
            return listing if self._lists_pairs(match.group(1)) else match.group(0)

        text = _PARENTHESIS.sub(swap, text)
        for pair in self.pair_texts:
            text = text.replace(pair, single)
        return text
