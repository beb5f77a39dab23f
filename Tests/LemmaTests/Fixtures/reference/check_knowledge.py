#!/usr/bin/env python3
"""Checks a knowledge folder with the clingo reference.

usage: check_knowledge.py DIR [DIR ...]

For each folder (every top-level .dl file loaded together as one knowledge
base): parses it, checks declarations, arity, types and stratification,
requires a well-formed `.phrase` for every declared relation, evaluates it and
fails if an integrity constraint is violated.  Prints the size of every
relation.  Exit status 0 when all folders pass.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dl2asp  # noqa: E402


def check_dir(path):
    ok = True
    try:
        prog = dl2asp.load_program(path)
        problems = dl2asp.phrase_problems(prog, require_all=True)
        for p in problems:
            print("  phrase problem: %s" % p)
            ok = False
        for w in dl2asp.singleton_warnings(prog):
            print("  warning: %s" % w)
        result = dl2asp.solve(dl2asp.translate(prog, show=prog.decl_order))
    except dl2asp.DatalogError as e:
        print("  error: %s" % e)
        return False
    for where in dl2asp.violations(prog, result):
        print("  integrity constraint violated: %s" % where)
        ok = False
    for rel in prog.decl_order:
        print("  %-24s %5d" % (rel, len(dl2asp.relation_tuples(result, rel))))
    print("  %d relations, %d clauses, %d files" % (len(prog.decl_order), len(prog.clauses), len(prog.files)))
    return ok


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for d in argv:
        print(d)
        if not check_dir(d):
            status = 1
            print("FAILED %s" % d)
        else:
            print("ok %s" % d)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
