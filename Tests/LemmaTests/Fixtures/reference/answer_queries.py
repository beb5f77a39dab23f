#!/usr/bin/env python3
"""Answers the queries of a knowledge fixture with the clingo reference.

usage:
  answer_queries.py DIR [--kb KBDIR] [--write] [--check]

DIR holds queries.txt (one query per line in rule syntax; blank lines and
lines starting with `#` or `//` are skipped) and, unless --kb is given, the
knowledge itself (every top-level .dl file of DIR).  Prints one JSON object
per query (the contents of expected.jsonl):
  ground query            {"query": q, "answer": "yes"|"no"}
  query with variables    {"query": q, "answers": [{"x": ..., "y": ...}, ...]}
                          named variables in order of first appearance,
                          distinct rows sorted by the tuple of values
  count : { body }        {"query": q, "count": N}
Symbols are JSON strings, numbers JSON numbers.
  --write  writes DIR/expected.jsonl     --check  compares with it
"""

import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dl2asp  # noqa: E402


def query_vars(dnf):
    names = []
    for conj in dnf:
        for lit in conj:
            for v in dl2asp.literal_vars(lit, []):
                if v not in names:
                    names.append(v)
    return names


def to_json_value(sym):
    import clingo
    if sym.type == clingo.SymbolType.Number:
        return sym.number
    return sym.string


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = [a for a in argv if a.startswith("--")]
    kb = None
    if "--kb" in argv:
        kb = argv[argv.index("--kb") + 1]
        args.remove(kb)
    if len(args) != 1 or set(flags) - {"--kb", "--write", "--check"}:
        print(__doc__, file=sys.stderr)
        return 2
    qdir = args[0]
    kb = kb or qdir
    with open(os.path.join(qdir, "queries.txt"), encoding="utf-8") as f:
        queries = [ln.strip() for ln in f if ln.strip() and not ln.strip().startswith(("#", "//"))]
    try:
        prog = dl2asp.load_program(kb)
        extra, plan = [], []
        for k, q in enumerate(queries):
            kind, parsed = dl2asp.parse_body_text(q, prog)
            if kind == "count":
                agg = parsed
                clause = dl2asp.Clause(None, [[dl2asp.Cmp("=", dl2asp.Var("lemma_n"), agg)]], "<query %d>" % k)
                dl2asp.check_conj(prog, clause.body[0], {}, clause.where)
                head = "lemma_q%d(V_lemma_n)" % k
                plan.append((q, "count", []))
            else:
                dnf = parsed
                names = query_vars(dnf)
                clause = dl2asp.Clause(None, dnf, "<query %d>" % k)
                for conj in dnf:
                    dl2asp.check_conj(prog, conj, {}, clause.where)
                head = "lemma_q%d" % k + ("(%s)" % ", ".join("V_" + v for v in names) if names else "")
                plan.append((q, "answers" if names else "answer", names))
            tr = dl2asp.Translator(prog)
            for conj in clause.body:
                head_atom = dl2asp.Atom("lemma_q", [dl2asp.Var(v) for v in plan[-1][2]]) if plan[-1][1] != "count" \
                    else dl2asp.Atom("lemma_q", [dl2asp.Var("lemma_n")])
                parts = tr.conj(head_atom, conj)
                extra.append(head + (" :- " + ", ".join(parts) if parts else "") + ".")
            arity = 1 if plan[-1][1] == "count" else len(plan[-1][2])
            extra.append("#defined lemma_q%d/%d." % (k, arity))
            extra.append("#show lemma_q%d/%d." % (k, arity))
        asp = dl2asp.translate(prog, extra_rules=extra, show=[])
        result = dl2asp.solve(asp)
    except dl2asp.DatalogError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    status = 0
    for where in dl2asp.violations(prog, result):
        print("integrity constraint violated: %s" % where, file=sys.stderr)
        status = 1
    out = []
    for k, (q, kind, names) in enumerate(plan):
        rows = result.get("lemma_q%d" % k, set())
        if kind == "count":
            (row,) = rows
            obj = {"query": q, "count": row[0].number}
        elif kind == "answer":
            obj = {"query": q, "answer": "yes" if rows else "no"}
        else:
            vals = sorted({tuple(to_json_value(s) for s in r) for r in rows})
            obj = {"query": q, "answers": [dict(zip(names, v)) for v in vals]}
        out.append(json.dumps(obj, ensure_ascii=False))
    text = "".join(line + "\n" for line in out)
    path = os.path.join(qdir, "expected.jsonl")
    if "--write" in flags:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print("wrote %s (%d queries)" % (path, len(out)), file=sys.stderr)
    elif "--check" in flags:
        with open(path, encoding="utf-8") as f:
            if f.read() != text:
                print("MISMATCH %s" % path, file=sys.stderr)
                status = 1
            else:
                print("ok %s" % path, file=sys.stderr)
    else:
        sys.stdout.write(text)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
