"""Hand-typed text made comparable: invisible characters, odd spaces and line breaks, each one said.

The sources were typed and pasted by hand: the Astronaut Database has soft
hyphens (U+00AD) where hyphens belong (`Soyuz TMA\\u00ad19M`), doubled spaces and
line breaks inside fields. `clean` returns the text a person would read plus the
list of what was done to get it, in words, so that every mapping can say how it
read a value.
"""

from __future__ import annotations

import re
import unicodedata

#: Characters that show nothing and are dropped.
_DROPPED = {
    "\u00ad": "soft hyphen removed",
    "\u200b": "zero-width character removed",
    "\u200c": "zero-width character removed",
    "\u200d": "zero-width character removed",
    "\u2060": "zero-width character removed",
    "\ufeff": "zero-width character removed",
}
#: Characters that stand for a hyphen.
_HYPHENS = {
    "\u2010": "hyphen character replaced",
    "\u2011": "non-breaking hyphen replaced",
    "\u2012": "dash replaced by a hyphen",
    "\u2013": "dash replaced by a hyphen",
    "\u2014": "dash replaced by a hyphen",
    "\u2212": "minus sign replaced by a hyphen",
}
#: Characters that stand for a space.
_SPACES = {
    "\u00a0": "non-breaking space replaced",
    "\u2007": "non-breaking space replaced",
    "\u202f": "non-breaking space replaced",
    "\u3000": "wide space replaced",
    **{chr(code): "special space replaced" for code in range(0x2000, 0x200B)},
}
_BREAKS = {"\r": "line break removed", "\n": "line break removed", "\t": "tab removed",
           "\u2028": "line break removed", "\u2029": "line break removed"}  # fmt: skip

_RUNS_OF_SPACES = re.compile(r" {2,}")

#: Misspelt words met in the sources, fixed wherever they stand (case-folded → right).
WORD_TYPOS = {"soyz": "Soyuz", "saluyt": "Salyut"}


def clean(raw: str) -> tuple[str, list[str]]:
    """The visible text of `raw` and what was done to get it (each step said once, in order met).

    Invisible characters are dropped, look-alike hyphens and spaces replaced,
    line breaks and tabs turned into spaces, runs of spaces collapsed and the
    ends stripped ("stray spaces removed").
    """
    steps: list[str] = []

    def note(step: str) -> None:
        if step not in steps:
            steps.append(step)

    out = []
    for char in raw:
        if char in _DROPPED:
            note(_DROPPED[char])
        elif char in _HYPHENS:
            note(_HYPHENS[char])
            out.append("-")
        elif char in _SPACES:
            note(_SPACES[char])
            out.append(" ")
        elif char in _BREAKS:
            note(_BREAKS[char])
            out.append(" ")
        else:
            out.append(char)
    text = "".join(out)
    tidy = _RUNS_OF_SPACES.sub(" ", text).strip()
    if tidy != text:
        note("stray spaces removed")
    return tidy, steps


def shown(raw: str) -> str:
    """`raw` with its invisible and look-alike characters made visible, for messages (`TM<U+00AD>A12M`)."""
    special = {*_DROPPED, *_HYPHENS, *_SPACES, *_BREAKS}
    return "".join(f"<U+{ord(char):04X}>" if char in special else char for char in raw)


def fix_words(text: str) -> tuple[str, str]:
    """`text` with its known misspelt words (`WORD_TYPOS`) put right, and "typo 'Saluyt'" if one was."""
    words = text.split(" ")
    fixed = [WORD_TYPOS.get(word.casefold(), word) for word in words]
    wrong = [word for word, right in zip(words, fixed, strict=True) if word != right]
    return " ".join(fixed), (f"typo '{wrong[0]}'" if wrong else "")


def folded(name: str) -> str:
    """A name without accents, case or extra spaces: how two spellings of one person are told alike."""
    text = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())
