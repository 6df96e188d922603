"""How many pages a grouped ranking has: counted from its distinct texts.

A page of relevance shows one hit per distinct text (``archive.search.results``), so the pages are the
distinct texts over the page size, not the paragraphs. In English the ranking statement counts the texts
(``archive.search.ranking``): the pages are exact whenever every match was ranked. In another language
(``archive.search.languages``) up to ``GROUP_ALL`` matches are fetched whole to be grouped, and above it the
count of pages is an upper bound from the paragraphs, said to be approximate.
"""

from __future__ import annotations

GROUP_ALL = 250  # up to this many ranked matches, all are fetched and grouped: the pages are exact. Fetching
# and grouping cost about 0.02 ms a match here: 5 ms for 250 matches, of a 30 ms budget for the whole page.
