"""``python -m cctvgeo.cli``: the ``cctvgeo`` command where the script is not on the PATH."""

import sys

from cctvgeo.cli import main

sys.exit(main())
