"""Turning the commons into meetings: suggestions, Job Blender Day pairings, agenda, cooperation
metrics, facilitators, freshness and the regional scale.

Every feature is a function of a loaded `Commons` that returns data; the site turns it into
pages (`maillage.site.meetpages`) and the `maillage rencontres` command prints it.
"""
