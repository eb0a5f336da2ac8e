"""Imported once by the fork server of the summary pool (``tomtat.serve.pool``): the libraries and the
model are loaded there, before any worker is forked, so that each worker starts ready and shares them."""

import os

# LightGBM's OpenMP (GNU libgomp) hangs in a forked child once the parent has started its threads;
# with one thread it starts none. The pool's processes are the parallelism here.
os.environ["OMP_NUM_THREADS"] = "1"

from tomtat.serve.jobs import warm_up  # noqa: E402  # after the variable: libgomp reads it when loaded

warm_up()
