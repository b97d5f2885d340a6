"""For scrapyd-deploy, which builds eggs with ``python setup.py bdist_egg``.

Everything is declared in pyproject.toml (packages, the ``settings`` module, the ``scrapy``
entry point that tells Scrapyd where the settings are); this file only hands over to it.
"""

from setuptools import setup

setup()
