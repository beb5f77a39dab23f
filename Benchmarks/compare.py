#!/usr/bin/env python3
"""Lemma beside the engines people use instead, on the same generated inputs, in one run.

Engines: Lemma (`lemma bench --program`), clingo (PyPI `clingo`), SWI-Prolog with tabling (Debian `swi-prolog-nox`),
SQLite recursive CTEs (`sqlite3`), and Z3's Datalog engine (Debian `z3`). A missing engine is installed when it can be
and skipped with a note when it cannot. Each engine writes every answer tuple; the driver checks that all engines
agree with Lemma before it reports any time. Times are wall-clock medians of whole processes (parsing the input,
evaluating, writing the answers), with peak resident memory from GNU time, so every engine pays for the same work.

Usage: Benchmarks/compare.py [--lemma .build/release/lemma] [--repetitions 3] [--sizes 10000,100000] [--timeout 300]
"""
import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

WORK = "/tmp/lemma-compare"


# ---------------------------------------------------------------------------------------------- workloads

def clustered_graph(edges, seed, cluster=100):
    """Random edges inside clusters of `cluster` nodes: closure grows linearly with the edges (at most `cluster`
    reachable nodes each) instead of quadratically, so 10^5 edges stay within every engine's memory."""
    rng = random.Random(seed)
    clusters = max(1, edges // (cluster * 2))
    result = set()
    while len(result) < edges:
        base = rng.randrange(clusters) * cluster
        result.add((base + rng.randrange(cluster) + 1, base + rng.randrange(cluster) + 1))
    return sorted(result)


def chain(nodes):
    return [(i, i + 1) for i in range(1, nodes)]


def forest(edges, tree=100):
    """Binary-heap-shaped trees of `tree` nodes: node k's parent is k // 2 within its tree."""
    result = []
    node_base = 0
    while len(result) < edges:
        for k in range(2, tree + 1):
            result.append((node_base + k // 2, node_base + k))
            if len(result) == edges:
                break
        node_base += tree
    return result


TRANSITIVE_CLOSURE = {
    "lemma": "path(x, y) :- edge(x, y).\npath(x, z) :- path(x, y), edge(y, z).",
    "clingo": "path(X,Y) :- edge(X,Y).\npath(X,Z) :- path(X,Y), edge(Y,Z).",
    "prolog": "path(X,Y) :- edge(X,Y).\npath(X,Z) :- path(X,Y), edge(Y,Z).",
    "sql": "WITH RECURSIVE path(x, y) AS (SELECT a, b FROM edge UNION SELECT path.x, edge.b FROM path JOIN edge ON path.y = edge.a) SELECT x, y FROM path",
    "sql_bound": "WITH RECURSIVE path(x, y) AS (SELECT a, b FROM edge WHERE a = {start} UNION SELECT path.x, edge.b FROM path JOIN edge ON path.y = edge.a) SELECT x, y FROM path",
    "z3": ["(rule (=> (edge x y) (path x y)))", "(rule (=> (and (path x y) (edge y z)) (path x z)))"],
}

SAME_GENERATION = {
    "lemma": "path(x, y) :- edge(p, x), edge(p, y), x != y.\npath(x, y) :- edge(a, x), path(a, b), edge(b, y).",
    "clingo": "path(X,Y) :- edge(P,X), edge(P,Y), X != Y.\npath(X,Y) :- edge(A,X), path(A,B), edge(B,Y).",
    "prolog": "path(X,Y) :- edge(P,X), edge(P,Y), X \\== Y.\npath(X,Y) :- edge(A,X), path(A,B), edge(B,Y).",
    "sql": "WITH RECURSIVE path(x, y) AS (SELECT e1.b, e2.b FROM edge e1 JOIN edge e2 ON e1.a = e2.a WHERE e1.b <> e2.b "
           "UNION SELECT e1.b, e2.b FROM path JOIN edge e1 ON e1.a = path.x JOIN edge e2 ON e2.a = path.y) SELECT x, y FROM path",
    "z3": ["(rule (=> (and (edge p x) (edge p y) (not (= x y))) (path x y)))",
           "(rule (=> (and (edge a x) (path a b) (edge b y)) (path x y)))"],
}


LOOKUP = {
    "lemma": "path(x, y) :- edge(x, y).",
    "clingo": "path(X,Y) :- edge(X,Y).",
    "prolog": "path(X,Y) :- edge(X,Y).",
    "sql": "SELECT a, b FROM edge",
    "sql_bound": "SELECT a, b FROM edge WHERE a = {start}",
    "z3": ["(rule (=> (edge x y) (path x y)))"],
}


def workloads(sizes):
    for size in sizes:
        yield f"tc-random-{size}", "transitive closure, clustered random graph", clustered_graph(size, seed=size), TRANSITIVE_CLOSURE, None
    for nodes in (1000, 2000):
        yield f"tc-chain-{nodes}", "transitive closure of a chain", chain(nodes), TRANSITIVE_CLOSURE, None
    for size in sizes:
        yield f"same-generation-{size}", "same generation over a forest", forest(size), SAME_GENERATION, None
    for size in sizes:
        edges = clustered_graph(size, seed=size + 2)
        yield f"load-{size}", f"load the edges from a file, then look up path({edges[0][0]}, y) with path = edge: the cost of loading", \
            edges, LOOKUP, edges[0][0]
    for size in sizes:
        edges = clustered_graph(size, seed=size + 1)
        start = edges[0][0]
        yield f"bound-{size}", f"bound query path({start}, y), clustered random graph", edges, TRANSITIVE_CLOSURE, start


# ---------------------------------------------------------------------------------------------- engines

def run(command, timeout, codes=(0,)):
    """Runs a command under GNU time; (seconds, peak KiB, stdout) or raises on failure or timeout. `codes` are the
    exit statuses that mean success (clingo exits 10 or 30 for a satisfiable program)."""
    measured = ["/usr/bin/time", "-f", "%M", "-o", WORK + "/time.txt"] + command
    start = time.perf_counter()
    completed = subprocess.run(measured, capture_output=True, text=True, timeout=timeout, preexec_fn=limit_memory)
    elapsed = time.perf_counter() - start
    if completed.returncode not in codes:
        raise RuntimeError(f"{command[0]} exited {completed.returncode}: {completed.stderr.strip()[-500:]}")
    peak = int(open(WORK + "/time.txt").read().strip().splitlines()[-1])
    return elapsed, peak, completed.stdout


MEMORY_LIMIT = 8 << 30


def limit_memory():
    """Keeps one engine's blow-up (Z3's Datalog engine reaches 7.7 GB on a 2,000-node chain) from starving the
    machine: past the limit its allocations fail and the run is reported as failed."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def pairs(text, pattern=r"(-?\d+)\s+(-?\d+)"):
    return {(int(a), int(b)) for a, b in re.findall(pattern, text)}


class Lemma:
    name = "lemma"

    def __init__(self, binary):
        self.binary = binary

    def available(self):
        return os.path.exists(self.binary) or f"no lemma binary at {self.binary} (swift build -c release)"

    def prepare(self, folder, edges, rules, start):
        with open(folder + "/edge.facts", "w") as out:
            out.writelines(f"{a}\t{b}\n" for a, b in edges)
        with open(folder + "/program.dl", "w") as out:
            out.write(".decl edge(a: number, b: number)\n.decl path(a: number, b: number)\n.input edge\n" + rules["lemma"] + "\n")
        query = ["--query", f"path({start}, y)"] if start is not None else ["--relation", "path"]
        return ["bench", "--program", folder + "/program.dl", "--output", folder + "/lemma.out"] + query

    def version(self):
        return "Lemma"

    def execute(self, folder, arguments, timeout, start):
        elapsed, peak, stdout = run([self.binary] + arguments, timeout)
        report = json.loads(stdout)
        text = open(folder + "/lemma.out").read()
        answers = pairs(text) if start is None else {(start, int(line)) for line in text.splitlines()}
        return elapsed, peak, answers, report


class Clingo:
    name = "clingo"

    def available(self):
        if subprocess.run([sys.executable, "-c", "import clingo"], capture_output=True).returncode != 0:
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "clingo"], capture_output=True)
        return subprocess.run([sys.executable, "-c", "import clingo"], capture_output=True).returncode == 0 or "pip install clingo failed"

    def version(self):
        return subprocess.run([sys.executable, "-c", "import clingo; print(clingo.__version__)"], capture_output=True, text=True).stdout.strip()

    def prepare(self, folder, edges, rules, start):
        with open(folder + "/program.lp", "w") as out:
            out.writelines(f"edge({a},{b}).\n" for a, b in edges)
            out.write(rules["clingo"] + "\n")
            if start is None:
                out.write("#show path/2.\n")
            else:
                out.write(f"answer(Y) :- path({start},Y).\n#show answer/1.\n")
        return [sys.executable, "-m", "clingo", folder + "/program.lp", "-V0", "--outf=0"]

    def execute(self, folder, command, timeout, start):
        elapsed, peak, stdout = run(command, timeout, codes=(0, 10, 30))
        if start is None:
            return elapsed, peak, pairs(stdout, r"path\((-?\d+),(-?\d+)\)"), None
        return elapsed, peak, {(start, int(y)) for y in re.findall(r"answer\((-?\d+)\)", stdout)}, None


class SWIProlog:
    name = "swi-prolog"

    def available(self):
        if not shutil.which("swipl"):
            install("swi-prolog-nox")
        return bool(shutil.which("swipl")) or "apt-get install swi-prolog-nox failed"

    def version(self):
        return subprocess.run(["swipl", "--version"], capture_output=True, text=True).stdout.strip()

    def prepare(self, folder, edges, rules, start):
        goal = "path(X,Y)" if start is None else f"(X = {start}, path(X,Y))"
        with open(folder + "/program.pl", "w") as out:
            out.write(":- table path/2.\n:- dynamic edge/2.\n")
            out.writelines(f"edge({a},{b}).\n" for a, b in edges)
            out.write(rules["prolog"] + "\n")
            out.write(f"main :- open('{folder}/prolog.out', write, S), forall({goal}, format(S, '~w\\t~w~n', [X,Y])), close(S).\n")
        return ["swipl", "-q", "-O", "-g", "main", "-t", "halt", folder + "/program.pl"]

    def execute(self, folder, command, timeout, start):
        elapsed, peak, _ = run(command, timeout)
        return elapsed, peak, pairs(open(folder + "/prolog.out").read()), None


class SQLite:
    name = "sqlite"

    def available(self):
        if not shutil.which("sqlite3"):
            install("sqlite3")
        return bool(shutil.which("sqlite3")) or "apt-get install sqlite3 failed"

    def version(self):
        return "SQLite " + subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]

    def prepare(self, folder, edges, rules, start):
        with open(folder + "/edge.tsv", "w") as out:
            out.writelines(f"{a}\t{b}\n" for a, b in edges)
        query = rules["sql"] if start is None else rules["sql_bound"].format(start=start)
        with open(folder + "/program.sql", "w") as out:
            out.write(f"CREATE TABLE edge(a INTEGER, b INTEGER);\n.mode tabs\n.import {folder}/edge.tsv edge\n"
                      f"CREATE INDEX edge_a ON edge(a);\n.output {folder}/sqlite.out\n{query};\n")
        return ["sqlite3", ":memory:", ".read " + folder + "/program.sql"]

    def execute(self, folder, command, timeout, start):
        elapsed, peak, _ = run(command, timeout)
        return elapsed, peak, pairs(open(folder + "/sqlite.out").read()), None


class Z3Datalog:
    name = "z3-datalog"

    def available(self):
        if not shutil.which("z3"):
            install("z3")
        return bool(shutil.which("z3")) or "apt-get install z3 failed"

    def version(self):
        return subprocess.run(["z3", "--version"], capture_output=True, text=True).stdout.strip()

    def prepare(self, folder, edges, rules, start):
        def bits(number):
            return f"#x{number:08x}"
        with open(folder + "/program.smt2", "w") as out:
            out.write("(set-option :fp.engine datalog)\n(define-sort N () (_ BitVec 32))\n(declare-rel edge (N N))\n(declare-rel path (N N))\n")
            out.write("(declare-var x N)\n(declare-var y N)\n(declare-var z N)\n(declare-var p N)\n(declare-var a N)\n(declare-var b N)\n")
            out.writelines(f"(rule (edge {bits(a)} {bits(b)}))\n" for a, b in edges)
            out.write("\n".join(rules["z3"]) + "\n")
            if start is None:
                out.write("(query path :print-answer true)\n")
            else:
                out.write(f"(declare-rel answer (N))\n(rule (=> (path {bits(start)} y) (answer y)))\n(query answer :print-answer true)\n")
        return ["z3", folder + "/program.smt2"]

    def execute(self, folder, command, timeout, start):
        elapsed, peak, stdout = run(command, timeout)
        if start is None:
            found = re.findall(r"\(= \(:var 0\) #x([0-9a-f]+)\) \(= \(:var 1\) #x([0-9a-f]+)\)", stdout)
            return elapsed, peak, {(int(a, 16), int(b, 16)) for a, b in found}, None
        return elapsed, peak, {(start, int(y, 16)) for y in re.findall(r"\(= \(:var 0\) #x([0-9a-f]+)\)", stdout)}, None


def install(package):
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(prefix + ["apt-get", "install", "-y", "-qq", package], capture_output=True, env=env, stdin=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------- driver

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lemma", default=".build/release/lemma")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--only", default="", help="comma-separated workload name prefixes")
    arguments = parser.parse_args()
    os.makedirs(WORK, exist_ok=True)
    lemma = Lemma(os.path.abspath(arguments.lemma))
    competitors = [Clingo(), SWIProlog(), SQLite(), Z3Datalog()]
    notes = []
    ready = []
    for engine in [lemma] + competitors:
        status = engine.available()
        if status is True:
            ready.append(engine)
        else:
            notes.append(f"{engine.name} skipped: {status}")
    if lemma not in ready:
        sys.exit("\n".join(notes))
    print("engines: " + "; ".join(engine.version() for engine in ready if engine is not lemma), file=sys.stderr)
    sizes = [int(size) for size in arguments.sizes.split(",")]
    only = [prefix for prefix in arguments.only.split(",") if prefix]
    rows = []
    for name, description, edges, rules, start in workloads(sizes):
        if only and not any(name.startswith(prefix) for prefix in only):
            continue
        folder = f"{WORK}/{name}"
        os.makedirs(folder, exist_ok=True)
        commands = {engine.name: engine.prepare(folder, edges, rules, start) for engine in ready}
        results = {}
        expected = None
        for repetition in range(arguments.repetitions):
            for engine in ready:
                if results.get(engine.name) == "failed":
                    continue
                print(f"{name} {engine.name} {repetition + 1}/{arguments.repetitions}", file=sys.stderr, flush=True)
                try:
                    elapsed, peak, answers, report = engine.execute(folder, commands[engine.name], arguments.timeout, start)
                except subprocess.TimeoutExpired:
                    results[engine.name] = "failed"
                    notes.append(f"{name}: {engine.name} took over {arguments.timeout} s")
                    continue
                except RuntimeError as error:
                    results[engine.name] = "failed"
                    notes.append(f"{name}: {engine.name} failed: {error}")
                    continue
                if engine is lemma:
                    expected = expected or answers
                if repetition == 0 and engine is not lemma and answers != expected:
                    results[engine.name] = "failed"
                    notes.append(f"{name}: {engine.name} disagrees with Lemma ({len(answers)} answers against {len(expected)}); its times are not reported")
                    continue
                entry = results.setdefault(engine.name, {"times": [], "peaks": [], "reports": []})
                entry["times"].append(elapsed)
                entry["peaks"].append(peak)
                if report:
                    entry["reports"].append(report)
        rows.append((name, description, len(edges), len(expected or ()), results))
    print(report_markdown(rows, [engine.name for engine in ready if engine is not lemma], notes))


def report_markdown(rows, competitors, notes):
    lines = ["| workload | edges | answers | Lemma | " + " | ".join(competitors) + " |",
             "| --- | --- | --- | --- | " + " | ".join("---" for _ in competitors) + " |"]
    for name, _, edges, answers, results in rows:
        lemma = results.get("lemma")
        if not isinstance(lemma, dict):
            continue
        lemma_time = statistics.median(lemma["times"])
        cells = [f"{lemma_time:.2f} s, {max(lemma['peaks']) / 1024:.0f} MiB"]
        for competitor in competitors:
            result = results.get(competitor)
            if not isinstance(result, dict):
                cells.append("—")
                continue
            time_ = statistics.median(result["times"])
            cells.append(f"{time_:.2f} s ({time_ / lemma_time:.2f}×), {max(result['peaks']) / 1024:.0f} MiB")
        lines.append(f"| {name} | {edges:,} | {answers:,} | " + " | ".join(cells) + " |")
    lines.append("")
    lines += [f"- `{name}`: {description}" for name, description, _, _, _ in rows]
    lines.append("")
    lines.append("Ratios are the competitor's median time over Lemma's: above 1, Lemma is faster.")
    lines.append("")
    lines.append("| workload | Lemma import | load | evaluate | write |")
    lines.append("| --- | --- | --- | --- | --- |")
    for name, _, _, _, results in rows:
        lemma = results.get("lemma")
        if isinstance(lemma, dict) and lemma["reports"]:
            median = {key: statistics.median(report[key] for report in lemma["reports"]) for key in ("import_s", "load_s", "evaluate_s", "write_s")}
            lines.append(f"| {name} | {median['import_s']:.3f} s | {median['load_s']:.3f} s | {median['evaluate_s']:.3f} s | {median['write_s']:.3f} s |")
    if notes:
        lines.append("")
        lines += [f"- {note}" for note in notes]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
