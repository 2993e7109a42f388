#!/usr/bin/env python3
"""Write emu/tools/hot_text.ld: the code a `tockemu hello.tbf` runs, placed together.

tockemu is linked statically (emu/tools/meson.build), and the code a run
executes is spread over 4 MB of text: glibc's start-up, glib's and
libcrypto's constructors, option parsing, the board's set-up. Each 64 KiB
of it touched is a page fault (and a hypervisor's shadow fault for each
page), 15-25 us apiece on the VM measured. The linker script this writes
puts the input sections holding every function that run executes (and their
.rodata) first, in a few hundred KiB.

The list is taken from callgrind (valgrind), which runs the build's tockemu
on hello.tbf and names every function executed; the link map says which
input section (archive member or object) holds each. valgrind's CPU has no
AVX-512, so for a string function glibc picks per CPU (memmove-avx2 and the
like) every variant of it is listed. Names that no longer exist match
nothing and cost nothing; code that becomes hot later just stays in .text.
Run it again after large changes to what a run does:

    scripts/hot-text.py [BUILD]      (default build/)
"""
import bisect
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
OUT = os.path.join(ROOT, "emu", "tools", "hot_text.ld")
# glibc's per-CPU variants: memmove-avx-unaligned-erms.o, strlen-evex.o, ...
VARIANT = re.compile(r"^([a-z_0-9]+?)-(avx|avx2|avx512|evex|sse2|sse4|ssse3)\b")


def link_with_map(tmp):
    """Link tockemu again as the build does, with a map, into `tmp`."""
    cmd = subprocess.run(["ninja", "-C", BUILD, "-t", "commands", "emu/tools/tockemu"],
                         capture_output=True, text=True, check=True).stdout.splitlines()[-1]
    exe, ld_map = os.path.join(tmp, "tockemu"), os.path.join(tmp, "tockemu.map")
    cmd = cmd.replace("-o emu/tools/tockemu", f"-o {exe} -Wl,-Map,{ld_map}")
    subprocess.run(cmd, shell=True, cwd=BUILD, check=True, capture_output=True)
    return exe, ld_map


def executed_functions(exe, tmp):
    out = os.path.join(tmp, "callgrind.out")
    app = os.path.join(BUILD, "libtock-host", "apps", "hello.tbf")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", exe, app],
                   check=True, capture_output=True)
    names = set()
    for line in open(out):
        m = re.match(r"^c?fn=\(\d+\) (.+)$", line.strip())
        if m:
            names.add(m.group(1).split("'")[0])
    return names


def input_sections(ld_map, prefix):
    """(start, size, section, file) of every input section named prefix*."""
    found, pending = [], None
    for line in open(ld_map):
        line = line.rstrip("\n")
        m = re.match(r"^ (%s\S*)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$" % re.escape(prefix),
                     line)
        if m:
            found.append((int(m[2], 16), int(m[3], 16), m[1], m[4]))
            pending = None
            continue
        m = re.match(r"^ (%s\S*)$" % re.escape(prefix), line)
        if m:
            pending = m[1]
            continue
        m = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line) if pending else None
        if m:
            found.append((int(m[1], 16), int(m[2], 16), pending, m[3]))
        pending = None
    return sorted(found)


def file_pattern(obj):
    """An ld file pattern for `obj` as the map names it."""
    m = re.match(r"^(?:.*/)?([^/(]+)\((.+)\)$", obj)  # /usr/lib/.../libc.a(strlen-avx2.o)
    if m:
        member = m[2]
        v = VARIANT.match(member)
        if v and m[1] == "libc.a":
            member = v.group(1) + "-*.o"
        return f"*{m[1]}:{member}"
    name = obj.split("/")[-1]
    return f"*:*/{name}" if not obj.startswith("/") else f"*{name}"  # thin archive member


def main():
    with tempfile.TemporaryDirectory() as tmp:
        exe, ld_map = link_with_map(tmp)
        names = executed_functions(exe, tmp)
        addr = {}
        nm = subprocess.run(["nm", exe], capture_output=True, text=True, check=True).stdout
        for line in nm.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "tTwWiI":
                addr.setdefault(p[2], int(p[0], 16))
        text = input_sections(ld_map, ".text")
    starts = [s[0] for s in text]
    files, order = {}, []
    for name in sorted(names, key=lambda n: addr.get(n, 0)):
        a = addr.get(name)
        k = bisect.bisect_right(starts, a) - 1 if a is not None else -1
        if k < 0 or not text[k][0] <= a < text[k][0] + text[k][1]:
            continue
        pattern = file_pattern(text[k][3])
        if pattern not in files:
            files[pattern] = set()
            order.append(pattern)
        # a family of variants: each in a section of its own name (.text.evex)
        files[pattern].update({".text", ".text.*"} if "-*" in pattern else {text[k][2]})
    lines = ["/* Generated by scripts/hot-text.py: the input sections holding the code a",
             " * `tockemu hello.tbf` runs, and their read-only data, placed first (see",
             " * that script). Linked into the static tockemu only (emu/tools/meson.build). */",
             "SECTIONS", "{", "  .text.hot :", "  {"]
    for p in order:
        lines.append("    %s(%s)" % (p, " ".join(sorted(files[p]))))
    lines += ["  }", "}", "INSERT BEFORE .text;", "", "SECTIONS", "{", "  .rodata.hot :", "  {"]
    for p in order:
        lines.append("    %s(.rodata .rodata.*)" % p)
    lines += ["  }", "}", "INSERT BEFORE .rodata;", ""]
    open(OUT, "w").write("\n".join(lines))
    print(f"hot-text: {len(order)} files, {len(names)} functions -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
