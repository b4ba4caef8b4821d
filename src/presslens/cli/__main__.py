"""``python -m presslens.cli`` runs the command-line interface."""

from . import main

raise SystemExit(main())
