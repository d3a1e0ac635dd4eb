import gc
import sys

# Importing Pelican, pydantic, Jinja and the plugins makes about a million objects that live as
# long as the process: the collections Python runs meanwhile free nothing (~12 ms of every
# command's start). What the imports made is frozen, so later collections do not walk it again.
gc.disable()
from .cli import main  # noqa: E402

gc.freeze()
gc.enable()
sys.exit(main(exiting=True))
