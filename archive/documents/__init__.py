"""A document as the archive shows it: one assembly of its paragraphs, markers, links, footnotes and
citations (``assembly``), read by the HTML page (``page``), the AKN export, the API and the CSV;
its paragraph HTML (``markup``), its metadata record (``records``) and its texts in the other
official languages (``languages``).
"""
