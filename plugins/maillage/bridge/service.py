"""Run the service: JSON logs, then uvicorn serving the application (worker thread included)."""

from __future__ import annotations

import uvicorn

from maillage.bridge import logs
from maillage.bridge.app import create_app
from maillage.bridge.config import BridgeConfig


def serve(config: BridgeConfig) -> None:
    """Serve until interrupted (SIGINT/SIGTERM stop the worker cleanly; SIGKILL loses nothing acknowledged)."""
    forge = config.forge
    secrets = [forge.token, forge.github_cle, config.service.secret.decode("utf-8", "replace")]
    logs.configure(config.service.journal, secrets)
    app = create_app(config)
    uvicorn.run(
        app,
        host=config.service.adresse,
        port=config.service.port,
        log_config=None,  # keep our JSON handlers
        proxy_headers=False,  # X-Forwarded-For is read by the app, from trusted proxies only
        server_header=False,
        access_log=False,
    )
