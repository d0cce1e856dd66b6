#!/usr/bin/env python3
"""What a center's data person does today, timed beside LaborDesk (issue 8).

pandas reads the cases (every column) from `labordesk cases export` CSV, and the proceedings and
sessions from CSV dumps of the same store; it tallies T1 and T2 for the as-of date; openpyxl
writes them as a workbook; then openpyxl writes the first N cases as a case list, the way
people do it (`DataFrame.to_excel`) and in openpyxl's own constant-memory mode (write-only).

Every tally is checked against `labordesk report --as-of D --json` for the same date, and the
script exits with an error listing the differences if any cell disagrees: a comparison with
other numbers would compare nothing. Prints one JSON object of timings (seconds, medians of
--runs and --list-runs) on stdout; progress goes to stderr. Needs the interpreter the
python3-pandas and python3-openpyxl packages belong to (/usr/bin/python3 on Debian).

Run by scripts/bench.sh; by hand:
  /usr/bin/python3 bench/compare.py --cases cases.csv --remedies remedies.csv --sessions sessions.csv \
      --report report.json --out-dir /tmp/cmp [--case-list-rows 100000] [--ours-case-list x.xlsx]
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time

import openpyxl
import pandas as pd

MONTHS = 12


def years_before(day, years=1):
    """The same day `years` earlier; 29 February falls back to the 28th (as the core does)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def period(as_of):
    """(start, as_of) as ISO strings: 1 January of the as-of year up to the as-of date."""
    return dt.date(as_of.year, 1, 1).isoformat(), as_of.isoformat()


def between(dates, start, end):
    """ISO date strings compare as dates; a missing date is in no period."""
    return dates.notna() & (dates >= start) & (dates <= end)


def monthly_row(by_month, previous, shown, cumulative=None):
    """A T2 row as the report's JSON has it: months after the as-of month are blank (None)."""
    months = [int(by_month.get(m, 0)) if m <= shown else None for m in range(1, MONTHS + 1)]
    if cumulative is None:
        cumulative = sum(v for v in months if v is not None)
    return {
        "months": months,
        "cumulative": int(cumulative),
        "previous_year": int(previous),
        "change": int(cumulative) - int(previous),
    }


def monthly_table(cur, prev, key_cur, key_prev, month, keys, shown):
    """Rows for `keys` (and the 합계 row) of one monthly table of T2."""
    counts = cur.groupby([month, key_cur]).size()
    previous = prev.groupby(key_prev).size()
    rows = {}
    for key in keys:
        by_month = counts.xs(key, level=1) if key in counts.index.get_level_values(1) else {}
        rows[key] = monthly_row(by_month, previous.get(key, 0), shown)
    total = monthly_row(cur.groupby(month).size(), len(prev), shown)
    return rows, total


def tallies(cases, remedies, sessions, as_of, report):
    """T1 and T2 from the three frames, in the shape of the report's JSON (rows by key)."""
    start, end = period(as_of)
    prev_start, prev_end = period(years_before(as_of))
    shown = as_of.month
    cur = cases[between(cases["received_on"], start, end)]
    prev = cases[between(cases["received_on"], prev_start, prev_end)]
    month = cur["received_on"].str.slice(5, 7).astype(int)

    by_category = cur.groupby("primary_category").size()
    consultations = {k: int(by_category.get(k, 0)) for k in report["t1"]["consultations"]}
    consultations["total"] = len(cur)

    r = remedies[remedies["deleted_at"].isna()]
    r = r[(r["filed_on"] <= end) & (r["concluded_on"].isna() | (r["concluded_on"] >= start))]
    concluded = r["concluded_on"].notna() & (r["concluded_on"] <= end)
    open_ = r[~concluded]
    new = open_["filed_on"] >= start
    by_channel = {}
    for channel in report["t1"]["remedies"]["in_progress_by_channel"]:
        in_channel = open_["channel"] == channel
        by_channel[channel] = {
            "new": int((in_channel & new).sum()),
            "carried": int((in_channel & ~new).sum()),
        }
    t1 = {
        "consultations": consultations,
        "remedies": {
            "total": len(r),
            "concluded": int(concluded.sum()),
            "in_progress": len(open_),
            "in_progress_by_channel": by_channel,
        },
    }

    def keys(table):
        return [row["key"] for row in report["t2"][table]["rows"]]

    # An outcome counts only if the case was closed by the as-of date of its own period.
    def outcome(frame, as_of_text):
        closed = frame["closed_on"].notna() & (frame["closed_on"] <= as_of_text)
        return frame["outcome"].where(closed & frame["outcome"].notna(), "none")

    t2 = {}
    for table, column in [("by_category", "primary_category"), ("by_intake_method", "intake_method")]:
        t2[table] = monthly_table(cur, prev, cur[column], prev[column], month, keys(table), shown)
    t2["by_outcome"] = monthly_table(
        cur, prev, outcome(cur, end), outcome(prev, prev_end), month, keys("by_outcome"), shown
    )

    s = sessions[sessions["deleted_at"].isna()]
    s_cur = s[between(s["held_on"], start, end)]
    s_prev = s[between(s["held_on"], prev_start, prev_end)]
    units = {
        "cases": monthly_row(cur.groupby(month).size(), len(prev), shown),
        # 실인원: distinct persons; 누계 over the period is distinct too, not a sum of months.
        "persons": monthly_row(
            cur.groupby(month)["client_key"].nunique(),
            prev["client_key"].nunique(),
            shown,
            cumulative=cur["client_key"].nunique(),
        ),
        "sessions": monthly_row(
            s_cur.groupby(s_cur["held_on"].str.slice(5, 7).astype(int)).size(), len(s_prev), shown
        ),
    }
    t2["units"] = (units, None)
    return t1, t2


def disagreements(t1, t2, report):
    """Every cell where the pandas tallies differ from the report's JSON, as readable lines."""
    out = []

    def walk(ours, theirs, where):
        if isinstance(ours, dict):
            for k, v in ours.items():
                walk(v, theirs.get(k) if isinstance(theirs, dict) else None, f"{where}.{k}")
        elif ours != theirs:
            out.append(f"{where}: labordesk {ours!r}, pandas {theirs!r}")

    walk(report["t1"], t1, "t1")
    fields = ("months", "cumulative", "previous_year", "change")
    for table, (rows, total) in t2.items():
        ours = report["t2"][table]
        for row in ours["rows"]:
            walk({f: row[f] for f in fields}, rows.get(row["key"]), f"t2.{table}.{row['key']}")
        if ours["total"] is not None or total is not None:
            mine = {f: ours["total"][f] for f in fields} if ours["total"] else None
            walk(mine, total, f"t2.{table}.total")
    return out


def self_check():
    """The comparison rests on `disagreements` finding a wrong cell and `years_before` on leap days."""
    assert years_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28), "29 February, a year before"
    row = monthly_row({1: 2, 3: 1}, 5, shown=2)
    assert row["months"][:3] == [2, 0, None] and row["cumulative"] == 2 and row["change"] == -3, row
    report = {"t1": {"a": 1}, "t2": {"x": {"rows": [{"key": "k", **row}], "total": None}}}
    assert disagreements({"a": 1}, {"x": ({"k": row}, None)}, report) == []
    wrong = dict(row, cumulative=3)
    assert len(disagreements({"a": 2}, {"x": ({"k": wrong}, None)}, report)) == 2, "two wrong cells"


def timed(runs, f):
    """Runs `f` `runs` times; returns the last result and the median seconds."""
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return result, statistics.median(times)


def t2_frame(rows, total, labels):
    """One monthly table as a sheet block: 1월…12월, 누계, 전년 동기, 증감."""
    columns = [f"{m}월" for m in range(1, MONTHS + 1)] + ["누계", "전년 동기", "증감"]
    items = list(rows.items()) + ([("total", total)] if total else [])
    data = [r["months"] + [r["cumulative"], r["previous_year"], r["change"]] for _, r in items]
    index = [labels.get(k, "합계" if k == "total" else k) for k, _ in items]
    return pd.DataFrame(data, index=index, columns=columns)


def write_workbook(t1, t2, labels, path):
    """T1 and T2 (with its companions) as the data person would: DataFrames to openpyxl."""
    c, r = t1["consultations"], t1["remedies"]
    t1_frame = pd.DataFrame(
        [[c[k] for k in c] + [r["total"], r["concluded"], r["in_progress"]]],
        columns=[labels.get(k, k) for k in c] + ["권리구제 합계", "완료", "진행"],
        index=["건수"],
    )
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        t1_frame.to_excel(xl, sheet_name="법률상담 및 구제")
        row = 0
        for table, (rows, total) in t2.items():
            frame = t2_frame(rows, total, labels)
            frame.to_excel(xl, sheet_name="월별 상담 현황", startrow=row)
            row += len(frame) + 3


def write_only_case_list(frame, path):
    """openpyxl's constant-memory mode: rows streamed to the file as they are appended."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("사건 목록")
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([None if pd.isna(v) else v for v in row])
    wb.save(path)


def xlsx_rows(path):
    """Rows of the first sheet of an .xlsx, read back (header included)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    n = ws.max_row if ws.max_row else sum(1 for _ in ws.iter_rows(values_only=True))
    wb.close()
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", required=True)
    ap.add_argument("--remedies", required=True)
    ap.add_argument("--sessions", required=True)
    ap.add_argument("--report", required=True, help="labordesk report --as-of D --json")
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--case-list-rows", type=int, default=100_000)
    ap.add_argument("--ours-case-list", help="labordesk's .xlsx of the same rows, to check its size")
    ap.add_argument("--runs", type=int, default=1, help="runs of reading, tallying and the workbook")
    ap.add_argument("--list-runs", type=int, default=1, help="runs of each case-list writer")
    args = ap.parse_args()
    self_check()

    with open(args.report, encoding="utf-8") as f:
        report = json.load(f)
    as_of = dt.date.fromisoformat(report["as_of"])
    labels = {row["key"]: row["label"] for t in report["t2"].values() for row in t["rows"]}
    os.makedirs(args.out_dir, exist_ok=True)
    log = lambda msg: print(f"compare.py: {msg}", file=sys.stderr, flush=True)  # noqa: E731

    cases, read_cases = timed(args.runs, lambda: pd.read_csv(args.cases, low_memory=False))
    log(f"read {len(cases)} cases, {len(cases.columns)} columns, in {read_cases:.2f} s")
    (remedies, sessions), read_others = timed(
        args.runs, lambda: (pd.read_csv(args.remedies), pd.read_csv(args.sessions))
    )
    log(f"read {len(remedies)} proceedings and {len(sessions)} sessions in {read_others:.2f} s")
    (t1, t2), tally = timed(args.runs, lambda: tallies(cases, remedies, sessions, as_of, report))
    problems = disagreements(t1, t2, report)
    if problems:
        log(f"pandas and labordesk disagree on {len(problems)} cells:")
        for p in problems[:40]:
            print(f"  {p}", file=sys.stderr)
        sys.exit(1)
    log(f"T1 and T2 tallied in {tally:.2f} s; every cell agrees with labordesk report --json")
    workbook = os.path.join(args.out_dir, "pandas-통계.xlsx")
    _, write_workbook_s = timed(args.runs, lambda: write_workbook(t1, t2, labels, workbook))

    # The case list: the oldest N live cases, as `labordesk cases export --limit N` writes them.
    rows = cases.sort_values(["received_on", "case_no"]).head(args.case_list_rows)
    if args.ours_case_list:
        ours = xlsx_rows(args.ours_case_list) - 1
        if ours != len(rows):
            log(f"labordesk's case list has {ours} rows, this one {len(rows)}: not comparable")
            sys.exit(1)
    listing = os.path.join(args.out_dir, "pandas-사건목록.xlsx")
    _, to_excel = timed(args.list_runs, lambda: rows.to_excel(listing, index=False, engine="openpyxl"))
    log(f"{len(rows)} case-list rows with DataFrame.to_excel in {to_excel:.2f} s")
    listing_wo = os.path.join(args.out_dir, "pandas-사건목록-write-only.xlsx")
    _, write_only = timed(args.list_runs, lambda: write_only_case_list(rows, listing_wo))
    log(f"{len(rows)} case-list rows with openpyxl write-only in {write_only:.2f} s")

    json.dump(
        {
            "cases": len(cases),
            "columns": len(cases.columns),
            "csv_bytes": os.path.getsize(args.cases),
            "period_cases": t1["consultations"]["total"],
            "proceedings": len(remedies),
            "sessions": len(sessions),
            "runs": args.runs,
            "list_runs": args.list_runs,
            "read_cases_s": read_cases,
            "read_others_s": read_others,
            "tally_s": tally,
            "workbook_s": write_workbook_s,
            "case_list_rows": len(rows),
            "case_list_to_excel_s": to_excel,
            "case_list_write_only_s": write_only,
            "agrees_with_report": True,
            "pandas": pd.__version__,
            "openpyxl": openpyxl.__version__,
        },
        sys.stdout,
        indent=1,
    )
    print()


if __name__ == "__main__":
    main()
