"""``python -m benchmarks.wire``: record one request on the wire (make wire)."""

import sys

from benchmarks.wire.run import main

sys.exit(main())
