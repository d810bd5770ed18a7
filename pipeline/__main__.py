"""`python -m pipeline`: the `roadmaps` command line."""
import sys

from .cli import main

sys.exit(main())
