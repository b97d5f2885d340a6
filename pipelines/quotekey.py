"""One identity for a quotation across articles: its ``quote_key``, a hash of its normalised text.

Compilations re-print the same passage for years, with other punctuation, other quote marks,
full-width or half-width digits, spaces where the layout broke a line. The key ignores all of
that. The rule, exactly:

1. Unicode NFKC: full-width letters, digits and punctuation become their plain forms
   (``２０１４`` → ``2014``, ``，`` → ``,``), U+3000 becomes a space;
2. case folded (``str.casefold``: Latin, Greek, Cyrillic…; ``ß`` → ``ss``; Chinese is unchanged);
3. every character that is not a letter, a digit or a combining mark is removed: punctuation
   and quote marks (``，。、；：？！“”‘’《》（）【】—…·``), symbols, spaces, controls and format
   characters (U+200B zero-width space, U+FEFF);
4. ``quote_key`` is the first 20 hex digits of the SHA-256 of what is left (UTF-8).

So ``“空谈误国，实干兴邦。”`` and ``空谈误国, 实干兴邦`` have the same key; a shortened or
slightly different passage has another, and is linked to it as a variant
(``pipelines.variants``), not merged.

>>> quote_key("“空谈误国，实干兴邦。”") == quote_key("空谈误国, 实干兴邦")
True
"""

from __future__ import annotations

import hashlib
import unicodedata

# Unicode general categories kept by the normalisation: letters, marks, numbers.
KEPT_CATEGORIES = frozenset("LMN")


def normalise(text: str) -> str:
    """The text the key is made from (steps 1-3 above)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] in KEPT_CATEGORIES)


def key_of(normalised: str) -> str:
    """The key of an already normalised text (step 4)."""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:20]


def quote_key(text: str) -> str:
    """The key of a quotation's text."""
    return key_of(normalise(text))
