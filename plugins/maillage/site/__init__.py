"""The MkDocs adapter: entry pages, listings, territory pages, map and Pagefind search.

MkDocs is imported only in this package; everything it shows comes from `maillage.model`.
"""
