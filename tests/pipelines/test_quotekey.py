"""quote_key: one key for one passage, however it is punctuated, spaced or widened."""

from __future__ import annotations

import pytest

from pipelines.quotekey import normalise, quote_key

PASSAGE = "空谈误国，实干兴邦。"


@pytest.mark.parametrize(
    "printed",
    [
        "“空谈误国，实干兴邦。”",  # quotation marks
        "空谈误国, 实干兴邦.",  # half-width punctuation and a space
        "空谈误国　实干兴邦",  # an ideographic space instead of the comma
        "「空谈误国」——实干兴邦！",  # other marks and dashes
        " 空谈误国，\n实干兴邦。 ",  # a line broken by the layout
    ],
)
def test_other_marks_and_spaces_give_the_same_key(printed: str) -> None:
    assert quote_key(printed) == quote_key(PASSAGE)


def test_widths_and_case_fold() -> None:
    assert normalise("２０１４年ＡＢＣ") == normalise("2014年abc") == "2014年abc"


def test_a_different_word_is_a_different_key() -> None:
    assert quote_key("空谈误国，实干兴国。") != quote_key(PASSAGE)
    assert quote_key("空谈误国。") != quote_key(PASSAGE)  # shortened: a variant, not the same


def test_the_key_is_a_stable_hash_of_the_normalised_text() -> None:
    key = quote_key(PASSAGE)
    assert len(key) == 20 and int(key, 16) >= 0
    assert key == quote_key("空谈误国实干兴邦")
