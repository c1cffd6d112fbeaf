"""Let PyInstaller see ``gi.repository.Aravis`` (a module PyGObject makes at run time), so its hook runs."""


def pre_safe_import_module(api):  # type: ignore[no-untyped-def]
    api.add_runtime_module(api.module_name)
