"""The run session: the one place where recipe, source, recorder and line outputs are wired together.

Only the UI, the CLI and the Python API (``station.Inspector``) use it; it knows nothing of Qt.
"""

from station.session.run import EXIT_NOT_RECORDED, EXIT_OK, RunOptions, RunSession, load_cascade, recipes_root

__all__ = ["EXIT_NOT_RECORDED", "EXIT_OK", "RunOptions", "RunSession", "load_cascade", "recipes_root"]
