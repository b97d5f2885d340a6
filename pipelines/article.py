"""An article from its fetched pages: ``extract_article``, pure and free of Scrapy.

Extraction workers (``pipelines.workers``) import this module and nothing heavier: a worker that
starts in a quarter of a second is one the crawl or the replay waits on less.
"""

from __future__ import annotations

import hashlib
import json

from core.clock import SHANGHAI
from core.items import ArticlePages
from pipelines.page import PageContent, captions, read_page
from pipelines.quotations import find_quotations
from pipelines.records import Article, ExtractedArticle, Quotation
from pipelines.selectors import PAPER_SOURCE

# Paragraph kinds that are not body text: picture captions and the credits block.
_NOT_BODY = frozenset(("caption", "credit"))


def extract_article(item: ArticlePages) -> ExtractedArticle:
    """Read every page, merge them in order, and find the quotations across all of them."""
    contents = [read_page(p.url, p.html) for p in item.pages]
    first: PageContent = contents[0]
    blocks = [b for c in contents for b in c.blocks]
    # Editors and credits close the last page of a multi-page article.
    editors = next((c.editors for c in reversed(contents) if c.editors), [])
    credits = [credit for c in contents for credit in c.credits]
    head = item.pages[0]
    article = Article(
        article_id=item.article_id,
        url=item.url,
        site=item.site,
        contentid=first.contentid,
        template=first.template,
        problem=first.problem,
        language=first.language,
        title=first.title,
        pretitle=first.pretitle,
        subtitle=first.subtitle,
        original_title=first.original_title,
        byline=first.byline,
        authors=first.authors,
        breadcrumb=first.breadcrumb,
        channel=first.breadcrumb[-1] if first.breadcrumb else None,
        published_at=first.published_at,
        published_precision=first.published_precision,
        source=first.source or (PAPER_SOURCE if item.site == "paper" else None),
        source_url=first.source_url,
        editors=editors,
        credits=credits,
        body="\n".join(b.text for b in blocks if b.kind not in _NOT_BODY) or None,
        headings=[b.text for b in blocks if b.kind == "heading"],
        captions=captions(blocks),
        page_count=len(item.pages),
        print_url=first.print_url,
        print_edition=first.print_edition,
        print_page=item.print_page or first.print_page,
        print_page_name=item.print_page_name,
        fetched_at=head.fetched_at.astimezone(SHANGHAI),
        warc_filename=head.warc.filename if head.warc else None,
        warc_offset=head.warc.offset if head.warc else None,
        warc_record_id=head.warc.record_id if head.warc else None,
    )
    quotations = find_quotations(item.article_id, item.url, blocks)
    article.content_hash = content_hash(article, quotations)
    return ExtractedArticle(article, quotations)


# What the page says, as the hash of an article covers it: these columns, in this order, and
# its quotations' ids. Not "every column": a column added later must not make every article
# of an existing dataset look changed (a new version each). Naming one here does, once.
CONTENT_FIELDS = (
    "article_id", "url", "site", "contentid", "template", "problem", "language", "title",
    "pretitle", "subtitle", "original_title", "byline", "authors", "breadcrumb", "channel",
    "published_at", "published_precision", "source", "source_url", "editors", "credits", "body",
    "headings", "captions", "page_count", "print_url", "print_edition", "print_page",
    "print_page_name",
)  # fmt: skip


def content_hash(article: Article, quotations: list[Quotation]) -> str:
    """A hash of what was read: the same article, unchanged, hashes the same in every run."""
    content = [getattr(article, name) for name in CONTENT_FIELDS]
    content.append([q.quote_id for q in quotations])
    text = json.dumps(content, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
