"""What several HTML pages share: ``paging`` (lists read page by page), ``charts`` (bar charts
drawn as SVG on the server), and ``overview`` (the home page's figures about the holdings)."""
