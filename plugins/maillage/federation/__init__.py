"""From local to regional: a commons that gathers the open data of other commons.

A regional (or national) commons declares, in its `mkdocs.yml`, the local commons it gathers
(`communs_locaux`: the `donnees/` folder each one publishes). At each build it reads their
manifests and data files (`fetch`: timeouts, size caps, digests, format version; the last good
copy kept when one is down or invalid), turns their rows back into entries of the regional
schemas (`rebuild`), shows an actor present in several commons once with all its origins, never
merging two distinct actors (`duplicates`: the census linkage's regional settings, and a small
file where a maintainer splits or joins), and joins everything to its own entries (`gather`).
The site, the meeting features and the draw then work on that commons as on any other.
"""

from maillage.federation.gather import Federation, LocalSource, gather

__all__ = ["Federation", "LocalSource", "gather"]
