"""What people look at: the analysts' report, and the archive packaged for its viewer.

- ``wacz``: the output root's closed WARC files as one WACZ, with the page list a viewer shows
  and a ReplayWeb.page viewer beside it (``scrapy wacz``; ``scrapy report`` when the output has
  no WACZ as new as its WARC files);
- ``data``: what the report shows, read from the datasets (their latest versions) with DuckDB;
- ``site``: the report itself, a static folder (``scrapy report``): ``index.html``, the charts
  library (``assets``), the page's code (``static/``) and the quotation table in chunks;
- ``assets``: the charts library, ECharts, pinned from the npm registry like the viewer.
"""
