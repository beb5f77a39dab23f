#!/usr/bin/env python3
"""Lemma beside the engines people use instead, on the same generated inputs, in one run.

Engines: Lemma (`lemma bench --program`, `lemma import`, `lemma ask`), clingo (PyPI `clingo`), SWI-Prolog with tabling
(Debian `swi-prolog-nox`), SQLite (`sqlite3`: recursive CTEs, `.import`), and Z3's Datalog engine (Debian `z3`). A
missing engine is installed when it can be and skipped with a note when it cannot; an engine that cannot express a
workload is skipped for it, with the reason. Each engine writes every answer; the driver checks that all engines agree
with Lemma (and with the answer known in advance, where there is one) before it reports any time. Times are
wall-clock medians of whole processes (reading the input, evaluating, writing the answers), with peak resident memory
from GNU time, so every engine pays for the same work. The workloads are in Benchmarks/workloads.py.

Usage: Benchmarks/compare.py [--lemma .build/release/lemma] [--repetitions 3] [--sizes 10000,100000] [--people 1000,10000]
                             [--timeout 300] [--only PREFIXES] [--engines clingo,swi-prolog,sqlite,z3-datalog]
                             [--model parser.weights]
"""
import argparse
import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # importing workloads.py must not leave a __pycache__ folder in the source tree
from workloads import ROOT, WORDNET_NOUNS, workloads  # noqa: E402

WORK = "/tmp/lemma-compare"
COLUMNS = "abcdefghij"


# ---------------------------------------------------------------------------------------------- processes and files

def run(command, timeout, codes=(0,)):
    """Runs a command under GNU time; (seconds, peak KiB, stdout) or raises on failure or timeout. `codes` are the
    exit statuses that mean success (clingo exits 10 or 30 for a satisfiable program). The command gets a process
    group of its own, so that a timeout kills the engine itself and not only GNU time, which would leave the engine
    running on beside the next measurements."""
    measured = ["/usr/bin/time", "-f", "%M", "-o", WORK + "/time.txt"] + command
    environment = {key: value for key, value in os.environ.items() if key != "LEMMA_KNOWLEDGE"}
    start = time.perf_counter()
    process = subprocess.Popen(measured, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
                               preexec_fn=limit_memory, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    elapsed = time.perf_counter() - start
    if process.returncode not in codes:
        raise RuntimeError(f"{command[0]} exited {process.returncode}: {stderr.strip()[-500:]}")
    peak = int(open(WORK + "/time.txt").read().strip().splitlines()[-1])
    return elapsed, peak, stdout


MEMORY_LIMIT = 8 << 30


def limit_memory():
    """Keeps one engine's blow-up (Z3's Datalog engine reaches 7.7 GB on a 2,000-node chain) from starving the
    machine: past the limit its allocations fail and the run is reported as failed."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def setup(command):
    """An untimed step before the measurements (building a knowledge base once); raises with its error output."""
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:2])} failed: {completed.stderr.strip()[-500:]}")


def write_rows(path, rows, delimiter="\t"):
    with open(path, "w") as out:
        out.writelines(delimiter.join(str(value) for value in row) + "\n" for row in rows)


def value(text):
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def read_rows(text, delimiter="\t"):
    return {tuple(value(field) for field in line.split(delimiter)) for line in text.splitlines() if line}


def remove_database(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def stored_rows(database, table, columns):
    """The rows of one table, read after the timed process has exited."""
    with sqlite3.connect(database) as connection:
        return set(connection.execute(f'SELECT {", ".join(columns)} FROM "{table}"'))


def arity(workload, relation):
    return workload.relations.get(relation) or len(next(iter(workload.inputs[relation]), ()))


# ---------------------------------------------------------------------------------------------- engines

class Engine:
    """`prepare` writes an engine's files for a workload and returns its command; `execute` runs it and reads its
    answers as a set of tuples. Both dispatch on the workload's kind, so an engine supports only the kinds it has
    methods for."""
    name = dialect = ""

    def prepare(self, workload, folder):
        return getattr(self, "prepare_" + workload.kind)(workload, folder, workload.programs[self.dialect])

    def execute(self, workload, folder, command, timeout):
        return getattr(self, "execute_" + workload.kind)(workload, folder, command, timeout)


class Lemma(Engine):
    name = dialect = "lemma"

    def __init__(self, binary, model):
        self.binary = binary
        self.model = model
        self.knowledge = set()

    def available(self):
        return os.path.exists(self.binary) or f"no lemma binary at {self.binary} (swift build -c release)"

    def version(self):
        return "Lemma"

    def prepare_evaluate(self, workload, folder, rules):
        for relation in workload.inputs:
            fact_file(workload, folder, relation, "tsv")
        with open(folder + "/program.dl", "w") as out:
            out.writelines(declaration(relation, count) for relation, count in workload.relations.items())
            out.writelines(f".input {relation}\n" for relation in workload.inputs)
            out.write(rules + "\n")
        if workload.start is None:
            query = ["--relation", workload.output]
        else:
            free = ", ".join(f"y{i}" for i in range(1, workload.relations[workload.output]))
            query = ["--query", f"{workload.output}({workload.start}, {free})"]
        return [self.binary, "bench", "--program", folder + "/program.dl", "--output", folder + "/lemma.out"] + query

    def execute_evaluate(self, workload, folder, command, timeout):
        elapsed, peak, stdout = run(command, timeout)
        answers = read_rows(open(folder + "/lemma.out").read())
        if workload.start is not None:
            answers = {(workload.start,) + row for row in answers}
        return elapsed, peak, answers, json.loads(stdout)

    def prepare_import(self, workload, folder, format_):
        """Declarations only, then the fact files named after their relations: `lemma import` reads a .facts file as
        tab-separated and a .csv file as comma-separated (a plain `.input edge` would always read edge.facts)."""
        with open(folder + "/declarations.dl", "w") as out:
            out.writelines(declaration(relation, arity(workload, relation)) for relation in workload.inputs)
        files = [fact_file(workload, folder, relation, format_) for relation in workload.inputs]
        return [self.binary, "import", "--into", folder + "/lemma.sqlite", folder + "/declarations.dl"] + files

    def execute_import(self, workload, folder, command, timeout):
        remove_database(folder + "/lemma.sqlite")
        elapsed, peak, _ = run(command, timeout)
        answers = {(relation,) + row for relation in workload.inputs
                   for row in stored_rows(folder + "/lemma.sqlite", "fact:" + relation, [f"c{i}" for i in range(arity(workload, relation))])}
        return elapsed, peak, answers, None

    def prepare_ask(self, workload, folder, program):
        """Over the shipped knowledge (built into the binary) or over generated facts imported once, untimed, into a
        .sqlite knowledge base shared by the workloads of one folder."""
        question, knowledge = program
        command = [self.binary, "ask", "--format", "json"] + (["--model", self.model] if self.model else [])
        if knowledge is not None:
            database = folder + "/knowledge.sqlite"
            if folder not in self.knowledge:
                for relation in workload.inputs:
                    fact_file(workload, folder, relation, "tsv")
                with open(folder + "/knowledge.dl", "w") as out:
                    out.write(knowledge)
                remove_database(database)
                setup([self.binary, "import", "--into", database, folder + "/knowledge.dl", "--allow-outside-includes"])
                self.knowledge.add(folder)
            command += ["--knowledge", database]
        return command + [question]

    def execute_ask(self, workload, folder, command, timeout):
        elapsed, peak, stdout = run(command, timeout)
        reply = json.loads(stdout)
        if "count" in reply:
            answers = {(reply["count"],)}
        elif "answer" in reply:
            answers = {(reply["answer"],)}
        else:
            answers = {tuple(row.values()) for row in reply.get("answers", [])}
        certification = reply.get("certification", {})
        return elapsed, peak, answers, {**reply.get("timing_ms", {}), "query": reply.get("query"),
                                        "certified": reply.get("certified"), "why_uncertified": certification.get("reason")}


def declaration(relation, count):
    return f".decl {relation}({', '.join(f'{column}: number' for column in COLUMNS[:count])})\n"


def fact_file(workload, folder, relation, format_):
    """Writes one input relation as Lemma reads it: `relation.facts` tab-separated, or `relation.csv`."""
    path = f"{folder}/{relation}.{'csv' if format_ == 'csv' else 'facts'}"
    write_rows(path, workload.inputs[relation], "," if format_ == "csv" else "\t")
    return path


def parser_weights(binary, given):
    """The parser weights `lemma ask` needs: none to pass when they sit next to the binary (a SwiftPM build), else the
    given file or the copy in the source tree, for a binary copied elsewhere."""
    if given:
        return os.path.abspath(given)
    if os.path.exists(os.path.join(os.path.dirname(binary), "Lemma_NeuralParser.resources", "parser.weights")):
        return None
    shipped = os.path.join(ROOT, "Sources", "NeuralParser", "Resources", "parser.weights")
    return shipped if os.path.exists(shipped) else None


class Clingo(Engine):
    name = "clingo"
    dialect = "clingo"

    def available(self):
        if subprocess.run([sys.executable, "-c", "import clingo"], capture_output=True).returncode != 0:
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "clingo"], capture_output=True)
        return subprocess.run([sys.executable, "-c", "import clingo"], capture_output=True).returncode == 0 or "pip install clingo failed"

    def version(self):
        return "clingo " + subprocess.run([sys.executable, "-c", "import clingo; print(clingo.__version__)"], capture_output=True, text=True).stdout.strip()

    def prepare_evaluate(self, workload, folder, rules):
        with open(folder + "/program.lp", "w") as out:
            for relation, rows in workload.inputs.items():
                out.writelines(f"{relation}({','.join(map(str, row))}).\n" for row in rows)
            out.write(rules + "\n")
            count = workload.relations[workload.output]
            if workload.start is None:
                out.write(f"#show {workload.output}/{count}.\n")
            else:
                free = ",".join(f"Y{i}" for i in range(1, count))
                out.write(f"answer({free}) :- {workload.output}({workload.start},{free}).\n#show answer/{count - 1}.\n")
        return [sys.executable, "-m", "clingo", folder + "/program.lp", "-V0", "--outf=0"]

    def execute_evaluate(self, workload, folder, command, timeout):
        elapsed, peak, stdout = run(command, timeout, codes=(0, 10, 30))
        shown = workload.output if workload.start is None else "answer"
        answers = {tuple(int(field) for field in found.split(",")) for found in re.findall(rf"\b{shown}\(([^()]*)\)", stdout)}
        if workload.start is not None:
            answers = {(workload.start,) + row for row in answers}
        return elapsed, peak, answers, None


def prolog_term(value_):
    return str(value_) if isinstance(value_, int) else "'" + value_.replace("\\", "\\\\").replace("'", "\\'") + "'"


class SWIProlog(Engine):
    name = "swi-prolog"
    dialect = "prolog"

    def available(self):
        return command_available("swipl", package="swi-prolog-nox")

    def version(self):
        return subprocess.run(["swipl", "--version"], capture_output=True, text=True).stdout.strip()

    def write_program(self, workload, folder, rules, main):
        """The facts as clauses (inputs declared dynamic, so an empty one is false rather than unknown), the rules
        with their own `:- table` directives, and `main`, which writes the answers to prolog.out."""
        with open(folder + "/program.pl", "w") as out:
            for relation, rows in workload.inputs.items():
                out.write(f":- dynamic {relation}/{arity(workload, relation)}.\n")
                out.writelines(f"{relation}({','.join(prolog_term(field) for field in row)}).\n" for row in rows)
            out.write(rules + "\n")
            out.write(f"main :- open('{folder}/prolog.out', write, S), {main}, close(S).\n")
        return ["swipl", "-q", "-O", "-g", "main", "-t", "halt", folder + "/program.pl"]

    def prepare_evaluate(self, workload, folder, rules):
        variables = [f"X{i}" for i in range(workload.relations[workload.output])]
        goal = f"{workload.output}({','.join(variables)})"
        if workload.start is not None:
            goal = f"(X0 = {workload.start}, {goal})"
        line = "\\t".join("~w" for _ in variables)
        return self.write_program(workload, folder, rules, f"forall({goal}, format(S, '{line}~n', [{','.join(variables)}]))")

    def prepare_ask(self, workload, folder, program):
        rules, goal = program
        return self.write_program(workload, folder, rules, f"({goal} -> writeln(S, yes) ; writeln(S, no))")

    def execute_evaluate(self, workload, folder, command, timeout):
        elapsed, peak, _ = run(command, timeout)
        return elapsed, peak, read_rows(open(folder + "/prolog.out").read()), None

    execute_ask = execute_evaluate


class SQLite(Engine):
    name = "sqlite"
    dialect = "sql"

    def __init__(self):
        self.databases = set()

    def available(self):
        return command_available("sqlite3", package="sqlite3")

    def version(self):
        return "SQLite " + subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]

    @staticmethod
    def load(workload, folder):
        """Creates each input table, fills it with `.import` from the same files Lemma reads, and indexes its first
        column, which every join and bound query here starts from."""
        script = ""
        for relation, rows in workload.inputs.items():
            count = arity(workload, relation)
            types = ["INTEGER" if isinstance(field, int) else "TEXT" for field in (rows[0] if rows else (0,) * count)]
            script += f"CREATE TABLE {relation}({', '.join(f'{column} {type_}' for column, type_ in zip(COLUMNS, types))});\n"
            script += f".mode tabs\n.import {fact_file(workload, folder, relation, 'tsv')} {relation}\n"
            script += f"CREATE INDEX {relation}_a ON {relation}(a);\n"
        return script

    def prepare_evaluate(self, workload, folder, query):
        with open(folder + "/program.sql", "w") as out:
            out.write(self.load(workload, folder))
            out.write(f".output {folder}/sqlite.out\n{query};\n")
        return ["sqlite3", ":memory:", ".read " + folder + "/program.sql"]

    def execute_evaluate(self, workload, folder, command, timeout):
        elapsed, peak, _ = run(command, timeout)
        return elapsed, peak, read_rows(open(folder + "/sqlite.out").read()), None

    def prepare_import(self, workload, folder, format_):
        """The same table and index as Lemma's store: a unique index on all columns. (Lemma's rows also carry their
        provenance, batch and line.)"""
        with open(folder + "/import.sql", "w") as out:
            for relation in workload.inputs:
                count = arity(workload, relation)
                out.write(f"CREATE TABLE {relation}({', '.join(f'{column} INTEGER NOT NULL' for column in COLUMNS[:count])});\n")
                out.write(f".mode {'csv' if format_ == 'csv' else 'tabs'}\n.import {fact_file(workload, folder, relation, format_)} {relation}\n")
                out.write(unique_index(relation, count))
        return ["sqlite3", folder + "/sqlite.db", ".read " + folder + "/import.sql"]

    def execute_import(self, workload, folder, command, timeout):
        remove_database(folder + "/sqlite.db")
        elapsed, peak, _ = run(command, timeout)
        answers = {(relation,) + row for relation in workload.inputs
                   for row in stored_rows(folder + "/sqlite.db", relation, COLUMNS[:arity(workload, relation)])}
        return elapsed, peak, answers, None

    def prepare_ask(self, workload, folder, query):
        """A file database built once, untimed, like Lemma's knowledge base; each run opens it and answers."""
        database = folder + "/sqlite.db"
        if folder not in self.databases:
            remove_database(database)
            with open(folder + "/load.sql", "w") as out:
                out.write(self.load(workload, folder))
            setup(["sqlite3", database, ".read " + folder + "/load.sql"])
            self.databases.add(folder)
        return ["sqlite3", database, query]

    def execute_ask(self, workload, folder, command, timeout):
        elapsed, peak, stdout = run(command, timeout)
        return elapsed, peak, read_rows(stdout), None


def unique_index(relation, count):
    return f"CREATE UNIQUE INDEX {relation}_all ON {relation}({', '.join(COLUMNS[:count])});\n"


class Z3Datalog(Engine):
    name = "z3-datalog"
    dialect = "z3"

    def available(self):
        return command_available("z3", package="z3")

    def version(self):
        return subprocess.run(["z3", "--version"], capture_output=True, text=True).stdout.strip()

    def prepare_evaluate(self, workload, folder, rules):
        """Numbers as 32-bit bit-vectors; every single-letter name in the rules is declared as a variable."""
        def bits(number):
            return f"#x{number:08x}"
        with open(folder + "/program.smt2", "w") as out:
            out.write("(set-option :fp.engine datalog)\n(define-sort N () (_ BitVec 32))\n")
            out.writelines(f"(declare-rel {relation} ({' '.join(['N'] * count)}))\n" for relation, count in workload.relations.items())
            out.writelines(f"(declare-var {variable} N)\n" for variable in sorted(set(re.findall(r"\b[a-z]\b", " ".join(rules)))))
            for relation, rows in workload.inputs.items():
                out.writelines(f"(rule ({relation} {' '.join(bits(field) for field in row)}))\n" for row in rows)
            out.write("\n".join(rules) + "\n")
            count = workload.relations[workload.output]
            if workload.start is None:
                out.write(f"(query {workload.output} :print-answer true)\n")
            else:
                free = [f"y{i}" for i in range(1, count)]
                out.writelines(f"(declare-var {variable} N)\n" for variable in free)
                out.write(f"(declare-rel answer ({' '.join(['N'] * len(free))}))\n"
                          f"(rule (=> ({workload.output} {bits(workload.start)} {' '.join(free)}) (answer {' '.join(free)})))\n"
                          "(query answer :print-answer true)\n")
        return ["z3", folder + "/program.smt2"]

    def execute_evaluate(self, workload, folder, command, timeout):
        """Z3 prints the answers as a disjunction of conjunctions (= (:var i) #x...), in column order."""
        elapsed, peak, stdout = run(command, timeout)
        count = workload.relations[workload.output] - (workload.start is not None)
        fields = [int(found, 16) for found in re.findall(r"\(= \(:var \d+\) #x([0-9a-f]+)\)", stdout)]
        answers = {tuple(fields[i:i + count]) for i in range(0, len(fields), count)}
        if workload.start is not None:
            answers = {(workload.start,) + row for row in answers}
        return elapsed, peak, answers, None


def command_available(command, package):
    """True when `command` is on the path, after installing its Debian package if it was not; else why not."""
    if not shutil.which(command):
        install(package)
    return bool(shutil.which(command)) or f"apt-get install {package} failed"


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
    parser.add_argument("--people", default="1000,10000", help="sizes of the generated family for ask-family")
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--only", default="", help="comma-separated workload name prefixes")
    parser.add_argument("--engines", default="clingo,swi-prolog,sqlite,z3-datalog", help="comma-separated competitors to run")
    parser.add_argument("--model", default="", help="parser weights for `lemma ask` (default: next to the binary, else the source tree's)")
    arguments = parser.parse_args()
    os.makedirs(WORK, exist_ok=True)
    binary = os.path.abspath(arguments.lemma)
    lemma = Lemma(binary, parser_weights(binary, arguments.model))
    chosen = arguments.engines.split(",")
    competitors = [engine for engine in (Clingo(), SWIProlog(), SQLite(), Z3Datalog()) if engine.name in chosen]
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

    def wanted(name):
        return not only or any(name.startswith(prefix) for prefix in only)

    if (wanted("wordnet-closure") or wanted("wordnet-bound")) and not os.path.exists(WORDNET_NOUNS):
        install("wordnet-base")
        if not os.path.exists(WORDNET_NOUNS):
            notes.append(f"wordnet-closure, wordnet-bound skipped: no {WORDNET_NOUNS} and apt-get install wordnet-base failed")
    rows = []
    skips = {}
    people = [int(size) for size in arguments.people.split(",")]
    for workload in workloads(sizes, people, wanted):
        rows.append((workload, measure(workload, lemma, ready, arguments, notes, skips)))
    for (reason, engines), families in skips.items():
        notes.append(f"{', '.join(families)}: {', '.join(engines)} skipped: {reason}")
    print(report_markdown(rows, [engine.name for engine in ready if engine is not lemma], list(dict.fromkeys(notes))))


def measure(workload, lemma, ready, arguments, notes, skips):
    """Runs every engine that has a program for the workload `--repetitions` times, round-robin; an engine whose
    first answers differ from Lemma's (or Lemma's from the known answer) is reported as failed, without times.
    Engines without a program are gathered in `skips`, (reason, engines) → workload families, for one note each."""
    folder = f"{WORK}/{workload.folder or workload.name}"
    os.makedirs(folder, exist_ok=True)
    commands = {}
    results = {}
    skipped = {}
    for engine in ready:
        if engine is not lemma and workload.programs.get(engine.dialect) is None:
            skipped.setdefault(workload.skip.get(engine.dialect, "no program for this workload"), []).append(engine.name)
            continue
        try:
            commands[engine.name] = engine.prepare(workload, folder)
        except RuntimeError as error:
            results[engine.name] = "failed"
            notes.append(f"{workload.name}: {engine.name} could not be prepared: {error}")
    for reason, engines in skipped.items():
        families = skips.setdefault((reason, tuple(engines)), [])
        if workload.family not in families:
            families.append(workload.family)
    expected = workload.expected
    for repetition in range(arguments.repetitions):
        for engine in ready:
            if engine.name not in commands or results.get(engine.name) == "failed":
                continue
            print(f"{workload.name} {engine.name} {repetition + 1}/{arguments.repetitions}", file=sys.stderr, flush=True)
            try:
                elapsed, peak, answers, report = engine.execute(workload, folder, commands[engine.name], arguments.timeout)
            except subprocess.TimeoutExpired:
                results[engine.name] = "failed"
                notes.append(f"{workload.name}: {engine.name} took over {arguments.timeout} s")
                continue
            except (RuntimeError, ValueError) as error:
                results[engine.name] = "failed"
                notes.append(f"{workload.name}: {engine.name} failed: {error}")
                continue
            if expected is None and engine is lemma:
                expected = answers
            if expected is None:
                results[engine.name] = "failed"
                notes.append(f"{workload.name}: {engine.name}'s answers cannot be checked, since Lemma gave none; its times are not reported")
                continue
            if repetition == 0 and answers != expected:
                results[engine.name] = "failed"
                against = "the known answer" if engine is lemma or workload.expected is not None else "Lemma"
                notes.append(f"{workload.name}: {engine.name} disagrees with {against} ({disagreement(answers, expected)}); "
                             "its times are not reported")
                continue
            entry = results.setdefault(engine.name, {"times": [], "peaks": [], "reports": []})
            entry["times"].append(elapsed)
            entry["peaks"].append(peak)
            if report:
                entry["reports"].append(report)
    return {"answers": expected or set(), "results": results}


def disagreement(answers, expected):
    """How two answer sets differ, with one example each way, for the note that reports it."""
    extra, missing = answers - expected, expected - answers
    parts = [f"{len(answers):,} answers against {len(expected):,}"]
    if extra:
        parts.append(f"{len(extra):,} not expected, e.g. {min(extra, key=str)}")
    if missing:
        parts.append(f"{len(missing):,} missing, e.g. {min(missing, key=str)}")
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------- report

def seconds(result):
    return statistics.median(result["times"])


def cell(result, lemma_time=None):
    if not isinstance(result, dict):
        return "—"
    text = f"{seconds(result):.2f} s"
    if lemma_time:
        ratio = seconds(result) / lemma_time
        text += f" ({ratio:.2f}×)" if ratio >= 0.1 else f" ({ratio:.1g}×)"
    return text + f", {max(result['peaks']) / 1024:.0f} MiB"


def answers_cell(workload, answers):
    if workload.kind == "ask":
        text = ", ".join(str(row[0]) if len(row) == 1 else str(row) for row in sorted(answers, key=str))
        return text if len(text) <= 40 else f"{len(answers):,} names"
    return f"{len(answers):,}"


def report_markdown(rows, competitors, notes):
    measured = [(workload, run_) for workload, run_ in rows if isinstance(run_["results"].get("lemma"), dict)]
    lines = main_table(measured, competitors)
    lines += [f"- `{workload.name}`: {workload.description}" for workload, _ in rows]
    lines.append("")
    lines.append("Ratios are the competitor's median time over Lemma's: above 1, Lemma is faster.")
    lines += import_table(measured) + growth_tables(measured, competitors) + phase_tables(measured)
    if notes:
        lines.append("")
        lines += [f"- {note}" for note in notes]
    return "\n".join(lines)


def main_table(measured, competitors):
    """Every workload but the imports, which have a table of their own."""
    shown = [(workload, run_) for workload, run_ in measured if workload.kind != "import"]
    if not shown:
        return []
    lines = ["| workload | facts | answers | Lemma | " + " | ".join(competitors) + " |",
             "| --- | --- | --- | --- | " + " | ".join("---" for _ in competitors) + " |"]
    for workload, run_ in shown:
        results = run_["results"]
        lemma_time = seconds(results["lemma"])
        facts = f"{workload.facts:,}" if workload.inputs else "shipped"
        lines.append(f"| {workload.name} | {facts} | {answers_cell(workload, run_['answers'])} | {cell(results['lemma'])} | "
                     + " | ".join(cell(results.get(competitor), lemma_time) for competitor in competitors) + " |")
    return lines + [""]


def import_table(measured):
    imports = [(workload, run_["results"]) for workload, run_ in measured if workload.kind == "import"]
    if not imports:
        return []
    lines = ["", "Imports into a persistent store (the other engines have none):", "",
             "| workload | facts | Lemma | Lemma facts/s | SQLite | SQLite facts/s |", "| --- | --- | --- | --- | --- | --- |"]
    for workload, results in imports:
        lemma, sqlite = results["lemma"], results.get("sqlite")
        rate = f"{workload.facts / seconds(sqlite):,.0f}" if isinstance(sqlite, dict) else "—"
        lines.append(f"| {workload.name} | {workload.facts:,} | {cell(lemma)} | {workload.facts / seconds(lemma):,.0f} | "
                     f"{cell(sqlite, seconds(lemma))} | {rate} |")
    return lines


def growth_tables(measured, competitors):
    """For each workload family run at several sizes: size against each engine's median time."""
    families = {}
    for workload, run_ in measured:
        families.setdefault(workload.family, []).append((workload.size, run_["results"]))
    lines = []
    for family, runs in families.items():
        if len(runs) < 2:
            continue
        engines = [competitor for competitor in competitors if any(isinstance(results.get(competitor), dict) for _, results in runs)]
        lines += ["", f"Growth of `{family}`:", "", "| size | Lemma | " + " | ".join(engines) + " |",
                  "| --- | --- | " + " | ".join("---" for _ in engines) + " |"]
        for size, results in sorted(runs, key=lambda pair: pair[0]):
            times = [f"{seconds(result):.2f} s" if isinstance(result, dict) else "—"
                     for result in [results["lemma"]] + [results.get(engine) for engine in engines]]
            lines.append(f"| {size:,} | " + " | ".join(times) + " |")
    return lines


def phase_tables(measured):
    """Where Lemma's time goes, from its own reports: `lemma bench --program`'s phases and `lemma ask`'s timing_ms."""
    lines = []
    bench = [(workload, run_["results"]["lemma"]["reports"]) for workload, run_ in measured
             if workload.kind == "evaluate" and run_["results"]["lemma"]["reports"]]
    if bench:
        lines += ["", "| workload | Lemma import | load | evaluate | write |", "| --- | --- | --- | --- | --- |"]
        for workload, reports in bench:
            median = {key: statistics.median(report[key] for report in reports) for key in ("import_s", "load_s", "evaluate_s", "write_s")}
            lines.append(f"| {workload.name} | {median['import_s']:.3f} s | {median['load_s']:.3f} s | {median['evaluate_s']:.3f} s | {median['write_s']:.3f} s |")
    asks = [(workload, run_["results"]["lemma"]["reports"]) for workload, run_ in measured
            if workload.kind == "ask" and run_["results"]["lemma"]["reports"]]
    if asks:
        lines += ["", "| workload | query | certified | load | reason | certify | explain | total in process |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for workload, reports in asks:
            median = {key: statistics.median(report.get(key, 0) for report in reports) for key in ("load", "reason", "certify", "explain", "total")}
            certified = "yes" if all(report["certified"] for report in reports) else "no"
            lines.append(f"| {workload.name} | `{reports[0]['query']}` | {certified} | "
                         + " | ".join(f"{median[key]:.0f} ms" for key in ("load", "reason", "certify", "explain", "total")) + " |")
        uncertified = [(workload.name, reports[0]["why_uncertified"]) for workload, reports in asks if not reports[0]["certified"]]
        if uncertified:
            lines.append("")
            lines += [f"- `{name}` is not certified: {reason}" for name, reason in uncertified]
    return lines


if __name__ == "__main__":
    main()
