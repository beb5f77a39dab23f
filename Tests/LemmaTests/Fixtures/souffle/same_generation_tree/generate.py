#!/usr/bin/env python3
"""Writes parent.facts: a complete binary tree of the given depth (default 12),
nodes numbered heap-style n1 (root), n2i and n2i+1 the children of ni.
Depth 12 gives 8191 nodes and 8190 edges (about 110 KB)."""
import os
import sys

depth = int(sys.argv[1]) if len(sys.argv) > 1 else 12
last_parent = 2 ** depth - 1
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "parent.facts"), "w", newline="") as f:
    for i in range(1, last_parent + 1):
        f.write("n%d\tn%d\n" % (i, 2 * i))
        f.write("n%d\tn%d\n" % (i, 2 * i + 1))
