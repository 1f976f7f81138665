import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1])]

from explorer.cli import main  # noqa: E402

sys.exit(main())
