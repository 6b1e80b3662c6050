"""``python -m aigc_desktop``: the same as the ``aigc-desktop`` command."""

from aigc_desktop.cli import main

raise SystemExit(main())
