#!/usr/bin/env python3
"""Writes bench/results.md and the summary table between README's bench markers from one
`make bench` run (the folder scripts/bench.sh filled: the benches' output per size, the pandas
comparison, the app's cold start and memory, the binary sizes).

Numbers are copied as measured; a target is MET or MISSED by the value at the largest size.
A measure that did not run shows "not measured", never a number from elsewhere.

  python3 bench/results.py --run target/bench-run --sizes 10000 100000 1000000
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
NOT_MEASURED = "not measured"

# One line of a bench: `NAME  median X ms (min A, max B, R runs) target ≤ T ms MET`, or with
# percentiles: `NAME  p50 X ms  p95 Y ms (max Z, R runs)  target p95 ≤ T ms  MET`.
LINE = re.compile(
    r"^(?P<name>\S.*?)\s+(?P<values>(?:median|p\d\d)\s.*?)\s+target\s+(?:p\d\d\s+)?≤\s*"
    r"(?P<target>[\d.]+)\s*ms\s+(?P<status>MET|MISSED)\s*$"
)
VALUE = re.compile(r"\b(median|min|max|p\d\d)\s+([\d.]+)")
# The latency bench's line per search query: `  search '퇴직금': median 130.5 ms`.
QUERY = re.compile(r"^\s+search '(?P<query>[^']+)': median (?P<ms>[\d.]+) ms")


def parse_line(line):
    """(name, {median|min|max|pNN: ms}) of a bench's result line, or None."""
    m = LINE.match(line.strip("\n"))
    if not m:
        return None
    values = {k: float(v) for k, v in VALUE.findall(m.group("values"))}
    return m.group("name").strip(), values


def status(value, target, higher_is_better=False):
    if value is None:
        return NOT_MEASURED
    ok = value >= target if higher_is_better else value <= target
    return "MET" if ok else "MISSED"


def self_check():
    """The numbers in the tables come through these: a wrong parse would publish wrong numbers."""
    name, v = parse_line(
        "T1+T2 at 1000000 cases                           median    371.5 ms  (min    365.0, "
        "max    380.2, 5 runs)  target ≤    2000 ms  MET"
    )
    assert (name, v["median"], v["min"], v["max"]) == ("T1+T2 at 1000000 cases", 371.5, 365.0, 380.2)
    name, v = parse_line(
        "case save (full durability)                      p50     1.23 ms  p99     4.56 ms  "
        "(300 saves)  target p99 ≤ 10 ms  MET"
    )
    assert (name, v) == ("case save (full durability)", {"p50": 1.23, "p99": 4.56}), v
    name, v = parse_line(  # a name longer than its column leaves one space before the values
        "case-list page of 100 with category, status and period median      0.4 ms  (min      0.4, "
        "max      0.5, 5 runs)  target ≤      50 ms  MET"
    )
    assert (name, v["median"]) == ("case-list page of 100 with category, status and period", 0.4)
    assert parse_line("  search '민수': median 3.0 ms") is None, "detail lines are not results"
    assert status(0.37, 0.1) == "MISSED" and status(12.0, 10, higher_is_better=True) == "MET"
    assert status(None, 1) == NOT_MEASURED
    assert fmt_ms(0.42) == "0.42 ms" and fmt_ms(0.2) == "0.2 ms" and fmt_ms(371.5) == "372 ms"
    assert fmt_ms(2500) == "2.50 s" and fmt_ms(None) == "—"


def fmt_ms(ms):
    if ms is None:
        return "—"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    # The benches print one or two decimals; no zero is added that was not measured.
    return f"{ms:.2f}".rstrip("0").rstrip(".") + " ms"


def fmt_ratio(x):
    return "—" if x is None else f"{x:.1f}×"


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return None


def bench_lines(path):
    """{name: values} of every result line in a bench's output file (empty if it did not run)."""
    out = {}
    for line in (read(path) or "").splitlines():
        parsed = parse_line(line)
        if parsed:
            out[parsed[0]] = parsed[1]
    return out


def find(lines, pattern, key="median"):
    """The value `key` of the first result whose name matches `pattern`."""
    for name, values in lines.items():
        if re.search(pattern, name):
            return values.get(key)
    return None


def load_json(path):
    text = read(path)
    return json.loads(text) if text else None


def machine():
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", read("/proc/meminfo")).group(1))
    cpu = re.search(r"model name\s*:\s*(.*)", read("/proc/cpuinfo") or "")
    rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "cpu": cpu.group(1).strip() if cpu else platform.machine(),
        "memory_gb": mem_kb / 1024 / 1024,
        "date": dt.date.today().isoformat(),
        "os": (re.search(r'PRETTY_NAME="(.*)"', read("/etc/os-release") or "") or [None, "Linux"])[1],
        "rustc": rustc,
    }


class Measures:
    """Every number of one run, per size, read from the run folder."""

    def __init__(self, run, sizes):
        self.sizes = sizes
        self.size = {}
        for n in sizes:
            d = os.path.join(run, f"n{n}")
            report = bench_lines(os.path.join(d, "report.txt"))
            scale = bench_lines(os.path.join(d, "scale.txt"))
            floor = bench_lines(os.path.join(d, "floor.txt"))
            latency = bench_lines(os.path.join(d, "latency.txt"))
            export = bench_lines(os.path.join(d, "export.txt"))
            cmp = load_json(os.path.join(d, "compare.json")) or {}
            s = {
                "t1t2": find(report, r"^T1\+T2"),
                "workbook": find(report, r"^all tables"),
                "floor": find(floor, r"floor"),
                "page_newest": find(scale, r"newest first"),
                "page_filtered": find(scale, r"category, status and period"),
                "search_p50": find(latency, r"^search", "p50"),
                "search_p95": find(latency, r"^search", "p95"),
                "save_p50": find(latency, r"^case save", "p50"),
                "save_p99": find(latency, r"^case save", "p99"),
                "export": find(export, r"export.*\.xlsx$"),
                "export_csv": find(export, r"export.*\.csv$"),
                "export_rows": cmp.get("case_list_rows"),
                "pandas": cmp,
            }
            s["queries"] = {
                m.group("query"): float(m.group("ms"))
                for m in map(QUERY.match, (read(os.path.join(d, "latency.txt")) or "").splitlines())
                if m
            }
            self.size[n] = s
        self.import_ms = find(bench_lines(os.path.join(run, "import.txt")), r"^import")
        self.app = load_json(os.path.join(run, "app.json")) or {}
        self.binaries = load_json(os.path.join(run, "binaries.json")) or {}

    def row(self, key):
        return [self.size[n].get(key) for n in self.sizes]

    def at_largest(self, key):
        return self.size[self.sizes[-1]].get(key)

    def pandas(self, n, *keys):
        """Seconds → ms of the pandas steps `keys` added up, or None if the comparison did not run."""
        cmp = self.size[n]["pandas"]
        if not cmp or any(k not in cmp for k in keys):
            return None
        return sum(cmp[k] for k in keys) * 1000

    def ratio(self, n, slower, faster):
        return None if slower is None or not faster else slower / faster


def size_header(sizes):
    return " | ".join(f"{n:,} cases" for n in sizes)


def table(sizes, rows):
    """Markdown: measure | one column per size | target | status (at the largest size)."""
    out = [f"| | {size_header(sizes)} | target | at {sizes[-1]:,} |", "|---" * (len(sizes) + 3) + "|"]
    for label, cells, target, st in rows:
        out.append(f"| {label} | " + " | ".join(cells) + f" | {target} | {st} |")
    return "\n".join(out)


def render(m, facts):
    sizes, big = m.sizes, m.sizes[-1]
    ms = lambda key: [fmt_ms(v) for v in m.row(key)]  # noqa: E731
    floor_ratio = [m.ratio(n, m.size[n]["t1t2"], m.size[n]["floor"]) for n in sizes]
    pandas_read = [m.pandas(n, "read_cases_s") for n in sizes]
    pandas_t1t2 = [m.pandas(n, "read_cases_s", "read_others_s", "tally_s") for n in sizes]
    pandas_book = [m.pandas(n, "read_cases_s", "read_others_s", "tally_s", "workbook_s") for n in sizes]
    vs_read = [m.ratio(n, pandas_read[i], m.size[n]["t1t2"]) for i, n in enumerate(sizes)]
    vs_t1t2 = [m.ratio(n, pandas_t1t2[i], m.size[n]["t1t2"]) for i, n in enumerate(sizes)]
    vs_book = [m.ratio(n, pandas_book[i], m.size[n]["workbook"]) for i, n in enumerate(sizes)]
    to_excel = [m.pandas(n, "case_list_to_excel_s") for n in sizes]
    write_only = [m.pandas(n, "case_list_write_only_s") for n in sizes]
    vs_openpyxl = [
        m.ratio(n, min(filter(None, [to_excel[i], write_only[i]]), default=None), m.size[n]["export"])
        for i, n in enumerate(sizes)
    ]
    rows_exported = [m.size[n]["export_rows"] for n in sizes]
    app, binaries = m.app, m.binaries

    sections = {}
    sections["T1 + T2 report"] = table(sizes, [
        ("LaborDesk: T1 + T2 (median)", ms("t1t2"), "≤ 100 ms", status(m.at_largest("t1t2"), 100)),
        ("raw SQL floor: one GROUP BY (month × category)", ms("floor"), "", ""),
        ("LaborDesk ÷ floor", [fmt_ratio(x) for x in floor_ratio], "≤ 1.5×", status(floor_ratio[-1], 1.5)),
        ("pandas: read the cases CSV (all columns)", [fmt_ms(x) for x in pandas_read], "", ""),
        ("pandas: read cases, proceedings, sessions CSV + T1/T2 tallies",
         [fmt_ms(x) for x in pandas_t1t2], "", ""),
        ("pandas CSV read ÷ LaborDesk T1 + T2 (times faster)", [fmt_ratio(x) for x in vs_read], "≥ 10×",
         status(vs_read[-1], 10, higher_is_better=True)),
        ("pandas read + tallies ÷ LaborDesk T1 + T2", [fmt_ratio(x) for x in vs_t1t2], "", ""),
    ])
    sections["The full workbook (every table, T1–T6, and the .xlsx)"] = table(sizes, [
        ("LaborDesk (median)", ms("workbook"), "≤ 200 ms", status(m.at_largest("workbook"), 200)),
        ("pandas + openpyxl: read, tally, write T1 and T2 only", [fmt_ms(x) for x in pandas_book], "", ""),
        ("pandas + openpyxl ÷ LaborDesk", [fmt_ratio(x) for x in vs_book], "", ""),
    ])
    sections["Case-list export, .xlsx in constant-memory mode (up to 100,000 rows)"] = table(sizes, [
        ("rows written", [f"{r:,}" if r else "—" for r in rows_exported], "100,000", ""),
        ("LaborDesk (median)", ms("export"), "≤ 3 s", status(m.at_largest("export"), 3000)),
        ("LaborDesk, the same rows as .csv (median)", ms("export_csv"), "", ""),
        ("openpyxl: DataFrame.to_excel", [fmt_ms(x) for x in to_excel], "", ""),
        ("openpyxl: write-only mode", [fmt_ms(x) for x in write_only], "", ""),
        ("faster openpyxl ÷ LaborDesk (times faster)", [fmt_ratio(x) for x in vs_openpyxl], "≥ 5×",
         status(vs_openpyxl[-1], 5, higher_is_better=True)),
    ])
    sections["Case-list page of 100 rows"] = table(sizes, [
        ("with category, status and period filters (median)", ms("page_filtered"), "≤ 50 ms",
         status(m.at_largest("page_filtered"), 50)),
        ("newest first, no filter (median)", ms("page_newest"), "≤ 50 ms", status(m.at_largest("page_newest"), 50)),
    ])
    sections["Korean substring search over name, workplace and summary (page of 100)"] = table(sizes, [
        ("6 queries × 20 runs: p95", ms("search_p95"), "≤ 100 ms", status(m.at_largest("search_p95"), 100)),
        ("6 queries × 20 runs: p50", ms("search_p50"), "", ""),
    ] + [(f"'{q}' (median of 20)", [fmt_ms(m.size[n]["queries"].get(q)) for n in sizes], "", "")
         for q in m.size[big]["queries"]])
    sections["Case save with full durability (synchronous = FULL), 300 saves into a copy of the store"] = table(sizes, [
        ("p99", ms("save_p99"), "≤ 10 ms", status(m.at_largest("save_p99"), 10)),
        ("p50", ms("save_p50"), "", ""),
    ])

    cold = (app.get("cold_start_s") or {}).get("median")
    cold_all = ", ".join(f"{x:.2f}" for x in (app.get("cold_start_s") or {}).get("all", []))
    app_mb = binaries.get("labordesk-app")
    cli_mb = binaries.get("labordesk")
    once = [
        "| measure | value | target | |",
        "|---|---|---|---|",
        f"| import of 100,000 CSV rows into a new store (median of 3) | {fmt_ms(m.import_ms)} | ≤ 10 s (before issue 8) "
        f"| {status(m.import_ms, 10_000)} |",
        f"| app cold start to an interactive login screen (median of {app.get('runs', 0)}) "
        f"| {f'{cold:.2f} s' if cold is not None else '—'} | ≤ 1.5 s | {status(cold, 1.5)} |",
        f"| release binary `labordesk-app` (UI embedded) | {f'{app_mb:.1f} MB' if app_mb else '—'} | ≤ 25 MB "
        f"| {status(app_mb, 25)} |",
        f"| release binary `labordesk` (CLI) | {f'{cli_mb:.1f} MB' if cli_mb else '—'} | | |",
        f"| idle memory, home screen after login (PSS of the app and its WebKit processes) "
        f"| {mb(app.get('idle_home_pss_mb'))} | ≤ 250 MB | {status(app.get('idle_home_pss_mb'), 250)} |",
        f"| idle memory, login screen (PSS) | {mb(app.get('idle_login_pss_mb'))} | ≤ 250 MB "
        f"| {status(app.get('idle_login_pss_mb'), 250)} |",
        f"| idle memory, home screen: each page the three processes hold counted once "
        f"| {mb(app.get('idle_home_once_mb'))} | | |",
        f"| idle memory, home screen: pages no process outside the app maps (what quitting frees) "
        f"| {mb(app.get('idle_home_only_mb'))} | | |",
        f"| idle memory, home screen: RSS added up (shared libraries once per process) "
        f"| {mb(app.get('idle_home_rss_mb'))} | | |",
        f"| idle memory, home screen: USS added up (pages mapped by one process only) "
        f"| {mb(app.get('idle_home_uss_mb'))} | | |",
    ]

    summary = [
        ("T1 + T2 report", ms("t1t2"), "≤ 100 ms", status(m.at_largest("t1t2"), 100)),
        ("T1 + T2 ÷ raw SQL GROUP BY floor", [fmt_ratio(x) for x in floor_ratio], "≤ 1.5×",
         status(floor_ratio[-1], 1.5)),
        ("T1 + T2, times faster than pandas reading the cases CSV", [fmt_ratio(x) for x in vs_read], "≥ 10×",
         status(vs_read[-1], 10, higher_is_better=True)),
        ("full workbook (T1–T6)", ms("workbook"), "≤ 200 ms", status(m.at_largest("workbook"), 200)),
        ("case-list export, ≤ 100,000 rows (.xlsx)", ms("export"), "≤ 3 s", status(m.at_largest("export"), 3000)),
        ("case-list export, times faster than openpyxl", [fmt_ratio(x) for x in vs_openpyxl], "≥ 5×",
         status(vs_openpyxl[-1], 5, higher_is_better=True)),
        ("case-list page of 100 with filters", ms("page_filtered"), "≤ 50 ms", status(m.at_largest("page_filtered"), 50)),
        ("search, p95", ms("search_p95"), "≤ 100 ms", status(m.at_largest("search_p95"), 100)),
        ("case save (full durability), p99", ms("save_p99"), "≤ 10 ms", status(m.at_largest("save_p99"), 10)),
        ("case save (full durability), p50", ms("save_p50"), "", ""),
    ]
    once_summary = [
        ("import of 100,000 CSV rows", fmt_ms(m.import_ms), "≤ 10 s", status(m.import_ms, 10_000)),
        ("app cold start to the login screen", f"{cold:.2f} s" if cold is not None else "—", "≤ 1.5 s",
         status(cold, 1.5)),
        ("release binary (`labordesk-app`)", f"{app_mb:.1f} MB" if app_mb else "—", "≤ 25 MB", status(app_mb, 25)),
        (f"idle memory (home screen, PSS; {mb(app.get('idle_home_rss_mb'))} as RSS added up, "
         f"{mb(app.get('idle_home_once_mb'))} with each page counted once)",
         mb(app.get("idle_home_pss_mb")), "≤ 250 MB", status(app.get("idle_home_pss_mb"), 250)),
    ]
    summary_md = (
        table(sizes, summary)
        + "\n\nMeasured once (the import into a new store, the app on a fresh encrypted one):\n\n"
        + "| | value | target | |\n|---|---|---|---|\n"
        + "\n".join(f"| {a} | {v} | {t} | {st} |" for a, v, t, st in once_summary)
    )

    cmp = m.size[big]["pandas"] or {}
    head = (
        f"Measured by `make bench` on {facts['date']}: {facts['cores']} cores ({facts['cpu']}), "
        f"{facts['memory_gb']:.0f} GB memory, {facts['os']}, {facts['rustc']}; release build "
        "(`--features custom-protocol` for the app, as shipped)."
    )
    return summary_md, head, sections, once, cold_all, cmp


def runs_text(runs):
    return "one run" if runs == 1 else f"median of {runs} runs"


def mb(x):
    return "—" if x is None else f"{x:.0f} MB"


def write_results(path, m, facts, summary_md, head, sections, once, cold_all, cmp):
    big = m.sizes[-1]
    parts = [
        "# Benchmark results (issue 8)",
        "",
        "Written by `make bench` (`scripts/bench.sh`, then `bench/results.py`); do not edit by hand.",
        "",
        head,
        "Medians unless a percentile is named. Each target is MET or MISSED by the value at the "
        f"largest size, {big:,} cases; the smaller sizes show how each measure grows.",
        "The generated stores (`labordesk gen --seed 1`) spread their cases over ten years; every "
        "report is as of 2025-08-31, so its period is 1 January to 31 August 2025"
        + (
            f" ({cmp['period_cases']:,} of the {big:,} cases)."
            if cmp.get("period_cases")
            else "."
        ),
        "",
        "## Summary",
        "",
        summary_md,
        "",
    ]
    for title, body in sections.items():
        parts += [f"## {title}", "", body, ""]
        queries = m.size[big]["queries"]
        if title.startswith("Korean substring search") and queries:
            slowest = max(queries, key=queries.get)
            parts += [f"The slowest query at {big:,} cases: '{slowest}', median {fmt_ms(queries[slowest])}.", ""]
    parts += ["## Measured once", "", *once, ""]
    if cold_all:
        parts += [f"Cold start, every run (s): {cold_all}.", ""]
    parts += [
        "## How each number is taken",
        "",
        "- **LaborDesk** numbers come from the cargo benches (`cargo bench --bench report`, "
        "`scale`, `latency`, `floor`, `export`, `import`), in-process, after one warm-up run, with "
        "the database in the page cache; each prints its own line, copied here.",
        "- **Raw SQL floor** (`benches/floor.rs`): `SELECT substr(received_on, 6, 2), "
        "primary_category, count(*) … GROUP BY 1, 2` over the report's period on the same file and "
        "SQLite build, with no core code around it; the bench checks it counts what T1 counts.",
        "- **pandas + openpyxl** (`bench/compare.py`): `pd.read_csv` of `labordesk cases export` "
        "(.csv, every case column) and of the proceedings and sessions tables dumped to CSV, then "
        "T1 and T2 with groupby, then `DataFrame.to_excel` (openpyxl) of T1 and T2 only. The run "
        "stops unless every T1 and T2 cell equals `labordesk report --as-of 2025-08-31 --json`. "
        "The case list is the same rows and columns as LaborDesk's export, written both with "
        "`DataFrame.to_excel` and in openpyxl's write-only mode; the ratio uses the faster. "
        + (
            f"At {big:,} cases: {cmp.get('cases', 0):,} cases × {cmp.get('columns', 0)} columns "
            f"({cmp.get('csv_bytes', 0) / 1e6:.0f} MB of CSV), {cmp.get('proceedings', 0):,} "
            f"proceedings, {cmp.get('sessions', 0):,} sessions; pandas {cmp.get('pandas')}, "
            f"openpyxl {cmp.get('openpyxl')}; "
            f"{runs_text(cmp.get('runs'))} per step."
            if cmp
            else "It did not run."
        ),
        "- **Case save** (`benches/latency.rs`): 300 saves, one transaction each, into a copy of "
        "the generated store of that size (the indexes and the search index as large as the "
        "store's).",
        "- **Search** (`benches/latency.rs`): '해고 통보', '민수', '한빛식당', '퇴직금', '서연', "
        "'새솔물류', 20 runs each after a warm-up, a page of 100 with the match count.",
        "- **Cold start and idle memory** (`bench/coldstart.mjs`): the release app started by "
        "tauri-driver and WebKitWebDriver under Xvfb, on a fresh encrypted store made by "
        "`labordesk init --user`, with empty data and cache folders; cold start runs from the app "
        "process's start time (/proc, 10 ms resolution) until the login form's user-name field is "
        "on screen and enabled; the file cache is warm after the first run. Idle memory is read "
        "after 5 s without input from /proc of the app and its WebKit processes (web, network) "
        "and added up. The target is judged on PSS: each resident page divided among the "
        "processes that map it, so the WebKit, JavaScriptCore and Mesa libraries the app's three "
        "processes share count once between them. PSS also gives a share of each system "
        "library page to every other process mapping it (here Xvfb, WebKitWebDriver, the shell; "
        "on a desktop, every GTK program), so it reads lower than the app's pages counted once "
        "(from /proc/PID/pagemap, run as root), which count those libraries in full, and higher "
        "than what quitting the app would free (the pages no process outside it maps). RSS "
        "added up counts the shared libraries once per process; USS counts only the pages one "
        "process alone maps. The app runs with WebDriver automation on, as in the end-to-end tests.",
        "- **Binary sizes**: the files in target/release as built (not stripped further); "
        "MB = 10^6 bytes.",
        "- **Import** (`cargo bench --bench import`): 100,000 CSV rows into a new store; it does "
        "not depend on the store's size, so it runs once.",
        "",
    ]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


def write_readme(path, summary_md, facts):
    text = read(path)
    if BEGIN not in text or END not in text:
        sys.exit(f"results.py: {path} has no {BEGIN} … {END} block to replace")
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    block = (
        f"{BEGIN}\n"
        f"Measured by `make bench` on {facts['date']} ({facts['cores']} cores, "
        f"{facts['memory_gb']:.0f} GB; release build; medians unless a percentile\n"
        "is named; MET or MISSED at the largest size). Every table, the pandas comparison and how "
        "each number\nis taken: [bench/results.md](bench/results.md).\n\n"
        f"{summary_md}\n{END}"
    )
    with open(path, "w", encoding="utf-8") as f:
        f.write(before + block + after)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run", required=True)
    ap.add_argument("--sizes", type=int, nargs="+", required=True)
    ap.add_argument("--results", default="bench/results.md")
    ap.add_argument("--readme", default="README.md")
    args = ap.parse_args()
    self_check()
    m = Measures(args.run, args.sizes)
    facts = machine()
    summary_md, head, sections, once, cold_all, cmp = render(m, facts)
    write_results(args.results, m, facts, summary_md, head, sections, once, cold_all, cmp)
    write_readme(args.readme, summary_md, facts)
    print(summary_md)


if __name__ == "__main__":
    main()
