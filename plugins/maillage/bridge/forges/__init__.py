"""Forge adapters: local git (default), GitHub, GitLab, Forgejo/Gitea."""

from __future__ import annotations

from pathlib import Path

from maillage.bridge.config import ForgeConfig
from maillage.bridge.forges.base import Change, Forge, ForgeRefused, ForgeUnavailable, Proposal
from maillage.bridge.forges.forgejo import ForgejoForge
from maillage.bridge.forges.github import GitHubForge
from maillage.bridge.forges.gitlab import GitLabForge
from maillage.bridge.forges.local import LocalForge

__all__ = ["Change", "Forge", "ForgeRefused", "ForgeUnavailable", "Proposal", "make_forge"]


def make_forge(config: ForgeConfig) -> Forge:
    """The adapter the configuration asks for."""
    author = (config.auteur_nom, config.auteur_courriel)
    if config.type == "local":
        return LocalForge(Path(config.depot), config.branche_base, *author)

    def token() -> str:
        return config.token

    if config.type == "github":
        if config.github_app_id:
            from maillage.bridge.forges.github_app import InstallationToken

            token = InstallationToken(config)  # type: ignore[assignment]
        return GitHubForge(config.api, config.depot, config.branche_base, config.etiquettes, token, config.delai_reseau)
    if config.type == "gitlab":
        return GitLabForge(
            config.api, config.depot, config.branche_base, config.etiquettes, token, config.delai_reseau, author
        )
    return ForgejoForge(
        config.api, config.depot, config.branche_base, config.etiquettes, token, config.delai_reseau, author
    )
