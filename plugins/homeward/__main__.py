import gc
import os
import sys

# `build --server`: a build server that imported everything once runs the build (buildserver.py).
# Decided before the command line is imported, which is what the server saves.
if "--server" in sys.argv[1:] or os.environ.get("HOMEWARD_BUILD_SERVER") == "1":
    from .buildserver import build_through_server, wanted

    if wanted(sys.argv[1:], os.environ):
        served = build_through_server(sys.argv[1:])
        if served is not None:
            sys.exit(served)

# Importing Pelican, pydantic, Jinja and the plugins makes about a million objects that live as
# long as the process: the collections Python runs meanwhile free nothing (~12 ms of every
# command's start). What the imports made is frozen, so later collections do not walk it again.
gc.disable()
from .cli import main  # noqa: E402

gc.freeze()
gc.enable()
sys.exit(main(exiting=True))
