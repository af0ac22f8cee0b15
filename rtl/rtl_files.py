#!/usr/bin/python3
"""Sources of rtl/ modules, from the one file list rtl/rtl_files.cmake.

  rtl_files.py TOP...        paths of TOP's sources and of everything it
                             instantiates, dependencies first, one per line
  rtl_files.py --modules     every module of the list, in list order

Paths are absolute. Exit status 2 for a module that is not in the list. The
same resolution as interpsim_rtl_sources() in rtl_files.cmake. Scripts that
import this module use sources() and modules().
"""
import os
import re
import sys

RTL_DIR = os.path.dirname(os.path.abspath(__file__))
LIST_FILE = os.path.join(RTL_DIR, "rtl_files.cmake")
# rtl/interpsim_pkg.svh lives here; tools other than Yosys need it as -I.
INCLUDE_DIR = RTL_DIR


def _read_list():
    text = open(LIST_FILE).read()
    block = re.search(r"set\(INTERPSIM_RTL_MODULES\s*\n(.*?)\n\)", text, re.S)
    if not block:
        raise SystemExit(f"rtl_files: no set(INTERPSIM_RTL_MODULES ...) in {LIST_FILE}")
    deps = {}
    for line in block.group(1).splitlines():
        entry = re.fullmatch(r'\s*"(\w+):([\w ]*)"\s*', line)
        if not entry:
            raise SystemExit(f"rtl_files: bad entry in {LIST_FILE}: {line.strip()}")
        deps[entry.group(1)] = entry.group(2).split()
    return deps


def modules():
    """Every module of the list, in list order."""
    return list(_read_list())


def sources(*tops):
    """Absolute paths of the sources of tops and their dependencies, dependencies first."""
    deps = _read_list()
    order, visiting = [], set()

    def visit(module):
        if module in order:
            return
        if module not in deps:
            raise KeyError(module)
        if module in visiting:
            raise SystemExit(f"rtl_files: dependency cycle at {module}")
        visiting.add(module)
        for dep in deps[module]:
            visit(dep)
        order.append(module)

    for top in tops:
        visit(top)
    return [os.path.join(RTL_DIR, m + ".sv") for m in order]


def main(argv):
    if argv == ["--modules"]:
        print("\n".join(modules()))
        return 0
    if not argv or any(a.startswith("-") for a in argv):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        print("\n".join(sources(*argv)))
    except KeyError as missing:
        print(f"rtl_files: {missing.args[0]} is not in {LIST_FILE}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
