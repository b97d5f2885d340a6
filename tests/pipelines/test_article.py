"""What decides a new version of an article: ``content_hash`` covers what the page says."""

from __future__ import annotations

import dataclasses
import datetime as dt

from pipelines.article import CONTENT_FIELDS, content_hash, extract_article
from pipelines.records import Article
from samplesite import SEED_URL
from tests.pipelines.test_extraction import article_of


def seed_article() -> tuple[Article, list]:
    extracted = extract_article(article_of(SEED_URL))
    return extracted.article, extracted.quotations


def test_a_new_column_does_not_change_the_hash() -> None:
    """A column added to the records (with any value) leaves every existing article's hash as
    it was: an existing dataset is not re-versioned by a new release."""
    article, quotes = seed_article()
    wider = dataclasses.make_dataclass(
        "WiderArticle", [("new_column", str, dataclasses.field(default="x"))], bases=(Article,)
    )
    again = wider(**{f.name: getattr(article, f.name) for f in dataclasses.fields(Article)})
    assert again.new_column == "x"
    assert content_hash(again, quotes) == content_hash(article, quotes) == article.content_hash


def test_every_content_field_counts_and_capture_details_do_not() -> None:
    article, quotes = seed_article()
    before = content_hash(article, quotes)
    for name in CONTENT_FIELDS:
        value = getattr(article, name)
        changed = (
            [*value, "x"] if isinstance(value, list)
            else (value or 0) + 1 if isinstance(value, int)
            else value + dt.timedelta(minutes=1) if isinstance(value, dt.datetime)
            else f"{value}x"
        )  # fmt: skip
        assert content_hash(dataclasses.replace(article, **{name: changed}), quotes) != before, name
    fetched_again = dataclasses.replace(
        article, fetched_at=dt.datetime.now(dt.UTC), warc_filename="other.warc.gz", warc_offset=9
    )
    assert content_hash(fetched_again, quotes) == before
    assert content_hash(article, quotes[:-1]) != before  # a quotation more or less is a change


def test_content_fields_are_columns() -> None:
    assert set(CONTENT_FIELDS) <= {f.name for f in dataclasses.fields(Article)}
