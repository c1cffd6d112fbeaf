"""Pointing game of a recipe's classifier heatmap on hand-marked defect boxes.

    uv run python benchmarks/pointing_game.py --recipe models/casting \
        --data ../shared/data/casting/train --marks models/casting/marked_defects.json

Prints hits / marked images and names the misses; ``--json`` writes the report for a model card.
"""

from __future__ import annotations

from station.training.pointing import pointing_main

if __name__ == "__main__":
    raise SystemExit(pointing_main())
