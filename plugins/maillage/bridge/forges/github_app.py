"""GitHub App installation tokens: a short-lived token, refreshed before it expires.

Pull requests opened with an App token trigger the repository's CI, unlike `GITHUB_TOKEN`.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime

import jwt

from maillage.bridge.config import ForgeConfig
from maillage.bridge.forges.http import ForgeClient, unexpected

_MARGIN = 300.0  # refresh five minutes before expiry, so a slow request never uses a dead token


class InstallationToken:
    """Callable returning a valid installation token (cached)."""

    def __init__(self, config: ForgeConfig):
        self.app_id = config.github_app_id
        self.installation = config.github_installation_id
        self._key = config.github_cle
        self.api = ForgeClient(config.api, {"Accept": "application/vnd.github+json"}, config.delai_reseau)
        self._token = ""
        self._expires = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            if time.time() > self._expires - _MARGIN:
                self._refresh()
            return self._token

    def _refresh(self) -> None:
        now = int(time.time())
        # iat is backdated a minute to tolerate clock drift, as GitHub's documentation advises.
        assertion = jwt.encode({"iat": now - 60, "exp": now + 540, "iss": self.app_id}, self._key, algorithm="RS256")
        response = self.api.request(
            "POST",
            f"/app/installations/{self.installation}/access_tokens",
            headers={"Authorization": f"Bearer {assertion}"},
            ok=(201,),
        )
        if response.status_code != 201:
            raise unexpected(response)
        body = response.json()
        self._token = body["token"]
        self._expires = datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00")).timestamp()
