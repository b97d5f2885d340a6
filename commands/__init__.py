"""The project's Scrapy commands (COMMANDS_MODULE): ``scrapy replay``, and ``scrapy crawl``
checking spider arguments first."""
