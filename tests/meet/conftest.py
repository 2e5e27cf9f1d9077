"""Shared helpers of the meet tests (`meet_crafted`: small crafted commons)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
