"""PyInstaller hook: bundle Aravis' typelib and shared library (and, through them, GObject/Gio) for GigE Vision."""

from PyInstaller.utils.hooks.gi import GiModuleInfo

module_info = GiModuleInfo("Aravis", "0.8")
if module_info.available:
    binaries, datas, hiddenimports = module_info.collect_typelib_data()
