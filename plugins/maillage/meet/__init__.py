"""Turning the commons into meetings: suggestions, Job Blender Day pairings, agenda, cooperation
metrics, facilitators, freshness and the regional scale.

Every feature is a function of a loaded `Commons` that returns data (and, for the site, HTML
from this package's own templates); the site plugin and the `maillage rencontres` command call them.
"""
