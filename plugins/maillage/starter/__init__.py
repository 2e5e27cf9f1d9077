"""`maillage nouveau`: a new commons for a territory, from the templates of `kit/`."""
