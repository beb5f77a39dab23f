#!/usr/bin/env python3
"""Evaluates a Datalog program with the clingo reference and prints its outputs.

usage:
  run_reference.py DIR [--write] [--check] [--all] [--asp]

DIR is a Souffle-style case folder (program.dl + .facts + expected/), a single
.dl file, or a knowledge folder (every top-level .dl file is loaded together).

By default each `.output` relation is printed as `== name.csv ==` followed by
exactly what Souffle writes to name.csv (tab-separated, raw fields, `()` for a
true nullary relation), lines byte-sorted (LC_ALL=C sort).
  --write  writes DIR/expected/<relation>.csv instead of printing
  --check  compares against DIR/expected/<relation>.csv, exit 1 on a difference
  --all    prints every declared relation, not only the .output ones
  --asp    prints the clingo program and exits
Integrity-constraint violations are reported on stderr and make the exit status 1.
"""

import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dl2asp  # noqa: E402


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    if len(args) != 1 or flags - {"--write", "--check", "--all", "--asp"}:
        print(__doc__, file=sys.stderr)
        return 2
    target = args[0]
    try:
        prog = dl2asp.load_program(target)
        rels = list(prog.decl_order) if "--all" in flags else list(prog.outputs)
        asp = dl2asp.translate(prog, show=rels)
        if "--asp" in flags:
            sys.stdout.write(asp)
            return 0
        t0 = time.time()
        result = dl2asp.solve(asp)
        elapsed = time.time() - t0
    except dl2asp.DatalogError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    print("clingo: %.2fs" % elapsed, file=sys.stderr)
    status = 0
    for where in dl2asp.violations(prog, result):
        print("integrity constraint violated: %s" % where, file=sys.stderr)
        status = 1
    expected_dir = os.path.join(target if os.path.isdir(target) else os.path.dirname(target), "expected")
    for rel in rels:
        arity = len(prog.decls[rel].attrs)
        lines = dl2asp.csv_lines(dl2asp.relation_tuples(result, rel), arity)
        text = "".join(line + "\n" for line in lines)
        path = os.path.join(expected_dir, rel + ".csv")
        if "--write" in flags:
            os.makedirs(expected_dir, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            print("wrote %s (%d lines)" % (path, len(lines)), file=sys.stderr)
        elif "--check" in flags:
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    old = f.read()
            except OSError:
                old = None
            if old != text:
                print("MISMATCH %s" % path, file=sys.stderr)
                status = 1
            else:
                print("ok %s (%d lines)" % (path, len(lines)), file=sys.stderr)
        else:
            sys.stdout.write("== %s.csv ==\n%s" % (rel, text))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
