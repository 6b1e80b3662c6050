"""Data files shipped with the app (demo dataset, icons). Installed as ``aigc_desktop.resources``."""
