#!/usr/bin/env python3
"""Check a file against the Chrome trace-event format (the JSON Perfetto and
chrome://tracing load), as tockemu --trace-format chrome writes it.

    trace_event_check.py FILE          exit 0 if valid, 1 with one line per problem
    trace_event_check.py --jsonl FILE  check tockemu's JSON-lines form instead

JSON lines (docs/trace.md): every line is one object with "event" (1, 2, 3 ...
in order), "time_ns" (an integer, never decreasing), "kind" (a string) and
either "slot" (an integer) with "process" (a string) or "source" (a string).

The rules, from the format's definition ("Trace Event Format", Google):
- the file is a JSON object with a "traceEvents" array (or a bare array);
  "displayTimeUnit", when present, is "ms" or "ns";
- every event is an object with a one-letter "ph"; "pid" and "tid" are
  integers; "name" and "cat", when present, are strings; "args", when present,
  is an object; "ts" is a finite number of microseconds, >= 0;
- per phase: X has a number "dur" >= 0; B opens and E closes a slice on the
  same (pid, tid), last opened first closed, never before it opened; i/I have
  "s" in g, p, t when present; s/t/f have "id" (integer or string), "name" and
  "cat", t and f follow an s of the same (cat, id) not earlier in time, and "bp"
  of f, when present, is "e"; M names a process or thread (args.name a string)
  or sorts one (args.sort_index an integer);
- slices on one thread nest: two either do not overlap or one holds the other;
- a flow event binds to a slice: one on its thread encloses its time.
Only the standard library is used.
"""
import json
import math
import sys

PHASES = set("BEXiIbneCsStfPOND(M)RcTpM") - set("()")
METADATA = {
    "process_name": ("name", str),
    "process_labels": ("labels", str),
    "thread_name": ("name", str),
    "process_sort_index": ("sort_index", int),
    "thread_sort_index": ("sort_index", int),
}


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_number(v):
    return (is_int(v) or isinstance(v, float)) and math.isfinite(v)


class Checker:
    def __init__(self):
        self.problems = []
        self.open_slices = {}  # (pid, tid) -> [(name, ts)]
        self.slices = {}  # (pid, tid) -> [(start, end)]
        self.flows = {}  # (cat, id) -> ts of the s event
        self.flow_points = []  # (index, pid, tid, ts)

    def problem(self, index, text):
        self.problems.append(f"event {index}: {text}")

    def check_common(self, i, ev):
        if not isinstance(ev, dict):
            self.problem(i, "not an object")
            return False
        ph = ev.get("ph")
        if not isinstance(ph, str) or ph not in PHASES:
            self.problem(i, f"bad ph {ph!r}")
            return False
        for key in ("pid", "tid"):
            if key in ev and not is_int(ev[key]):
                self.problem(i, f"{key} is not an integer")
        if ph != "M" and ("pid" not in ev or "tid" not in ev):
            self.problem(i, "pid or tid missing")
        for key in ("name", "cat"):
            if key in ev and not isinstance(ev[key], str):
                self.problem(i, f"{key} is not a string")
        if "args" in ev and not isinstance(ev["args"], dict):
            self.problem(i, "args is not an object")
        if ph != "M" or "ts" in ev:
            ts = ev.get("ts")
            if not is_number(ts) or ts < 0:
                self.problem(i, f"bad ts {ts!r}")
                return False
        if ph not in "E" and ph != "M" and not isinstance(ev.get("name"), str):
            self.problem(i, "name missing")
        return True

    def check_event(self, i, ev):
        if not self.check_common(i, ev):
            return
        ph = ev["ph"]
        track = (ev.get("pid"), ev.get("tid"))
        ts = ev.get("ts", 0)
        if ph == "X":
            dur = ev.get("dur")
            if not is_number(dur) or dur < 0:
                self.problem(i, f"X without a number dur >= 0 ({dur!r})")
            else:
                self.slices.setdefault(track, []).append((ts, ts + dur))
        elif ph == "B":
            self.open_slices.setdefault(track, []).append((ev.get("name"), ts))
        elif ph == "E":
            stack = self.open_slices.get(track, [])
            if not stack:
                self.problem(i, f"E on {track} closes no open B")
            else:
                _, start = stack.pop()
                if ts < start:
                    self.problem(i, "E before its B")
                self.slices.setdefault(track, []).append((start, ts))
        elif ph in "iI":
            if "s" in ev and ev["s"] not in ("g", "p", "t"):
                self.problem(i, f"instant scope {ev['s']!r} is not g, p or t")
        elif ph in "stf":
            fid = ev.get("id")
            if not (is_int(fid) or isinstance(fid, str)):
                self.problem(i, "flow without an integer or string id")
            for key in ("name", "cat"):
                if not isinstance(ev.get(key), str):
                    self.problem(i, f"flow without {key}")
            key = (ev.get("cat"), fid)
            if ph == "s":
                self.flows[key] = ts
            elif key not in self.flows:
                self.problem(i, f"flow {ph} id {fid!r} has no s before it")
            elif ts < self.flows[key]:
                self.problem(i, f"flow {ph} id {fid!r} is earlier than its s")
            if ph == "f" and "bp" in ev and ev["bp"] != "e":
                self.problem(i, f"flow bp {ev['bp']!r} is not e")
            self.flow_points.append((i, track, ts))
        elif ph == "M":
            rule = METADATA.get(ev.get("name"))
            args = ev.get("args")
            if rule is None:
                self.problem(i, f"metadata name {ev.get('name')!r} unknown")
            elif not isinstance(args, dict) or not isinstance(args.get(rule[0]), rule[1]):
                self.problem(i, f"metadata {ev['name']} without args.{rule[0]}")

    def check_nesting(self):
        for track, spans in self.slices.items():
            # Sorted by start, longest first: each slice must end inside
            # every slice still open at its start.
            stack = []
            for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
                while stack and stack[-1] <= start:
                    stack.pop()
                if stack and end > stack[-1]:
                    self.problems.append(
                        f"slices overlap without nesting on {track} at ts {start}")
                stack.append(end)

    def check_flow_binding(self):
        for i, track, ts in self.flow_points:
            if not any(s <= ts <= e for s, e in self.slices.get(track, [])):
                self.problem(i, f"flow point at ts {ts} is in no slice of {track}")

    def check(self, doc):
        if isinstance(doc, dict):
            unit = doc.get("displayTimeUnit", "ms")
            if unit not in ("ms", "ns"):
                self.problems.append(f"displayTimeUnit {unit!r} is not ms or ns")
            events = doc.get("traceEvents")
        else:
            events = doc
        if not isinstance(events, list):
            self.problems.append("no traceEvents array")
            return self.problems
        for i, ev in enumerate(events):
            self.check_event(i, ev)
        for track, stack in self.open_slices.items():
            for name, ts in stack:
                self.problems.append(f"B {name!r} on {track} at ts {ts} never closed")
        self.check_nesting()
        self.check_flow_binding()
        return self.problems


def check_jsonl(lines):
    problems = []
    last_time = 0
    for n, line in enumerate(lines, 1):
        try:
            ev = json.loads(line)
        except ValueError as e:
            problems.append(f"line {n}: {e}")
            continue
        if not isinstance(ev, dict):
            problems.append(f"line {n}: not an object")
            continue
        if ev.get("event") != n:
            problems.append(f"line {n}: event {ev.get('event')!r} is not {n}")
        t = ev.get("time_ns")
        if not is_int(t) or t < last_time:
            problems.append(f"line {n}: time_ns {t!r} is not an integer >= {last_time}")
        else:
            last_time = t
        if not isinstance(ev.get("kind"), str):
            problems.append(f"line {n}: no kind")
        if "slot" in ev:
            if not is_int(ev["slot"]) or not isinstance(ev.get("process"), str):
                problems.append(f"line {n}: slot without a process name")
        elif not isinstance(ev.get("source"), str):
            problems.append(f"line {n}: neither slot nor source")
    return problems


def main(argv):
    if len(argv) == 3 and argv[1] == "--jsonl":
        try:
            with open(argv[2], encoding="utf-8") as f:
                problems = check_jsonl(f.read().splitlines())
        except OSError as e:
            problems = [str(e)]
        for p in problems[:20]:
            print(f"{argv[2]}: {p}")
        return 1 if problems else 0
    if len(argv) != 2:
        print("usage: trace_event_check.py [--jsonl] FILE", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{argv[1]}: {e}")
        return 1
    problems = Checker().check(doc)
    for p in problems[:20]:
        print(f"{argv[1]}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
