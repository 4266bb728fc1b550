"""Warms the default analyser on import, for the forkserver to load before it forks workers.

A scan's local worker processes are forked from one forkserver process. Loading the language
model and compiling the catalogue and place names takes about half a second (a second or two
without the table cache); done once in the forkserver (`multiprocessing.set_forkserver_preload`),
every worker starts warm and shares those pages, instead of each worker paying it on the same
cores that are reading input.
"""

from __future__ import annotations

from baken.scan.analyse import warm_up

warm_up()
