"""The floor under the stages: what spiders, pipelines, archive, extensions and commands share.

It imports none of them, and nothing here imports Scrapy at module level where an extraction
worker loads it (``items``, ``encoding``, ``process``, ``errors``): a worker starts quickly.

- ``items``: the types that pass between stages (``FetchedPage``, ``ArticlePages``,
  ``WarcLocation``) and the request meta keys that carry them;
- ``encoding``: a page's charset, decided from its bytes;
- ``output``: the output root, a folder or a pyarrow filesystem URI; ``locks``: who may write;
- ``process``: child processes the crawl hands CPU work to;
- ``clock``: Beijing time and UTC; ``run``: the run id;
- ``errors``: the exception tree; ``outcome``: exit statuses; ``stats``: the run's counters;
- ``version``: the project's name and version.
"""
