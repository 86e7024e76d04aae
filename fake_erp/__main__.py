"""`python -m fake_erp` is the `fake-erp` console script."""

import sys

from fake_erp.cli import main

sys.exit(main())
