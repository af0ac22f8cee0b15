#!/usr/bin/python3
"""Checks that Yosys loads a .tbl file through table_mem's $readmemh exactly:
every row KKKKKKKK_BBBBBBBB of the file (parsed here independently) must be the
memory's initial word at its row number.

usage: yosys_readmemh_check.py RTL_DIR TABLE.tbl
"""
import json
import os
import subprocess
import sys
import tempfile


def tbl_rows(path):
    rows = []
    with open(path) as tbl:
        for line in tbl:
            line = line.strip()
            if line and not line.startswith("//"):
                rows.append(int(line.replace("_", ""), 16))
    return rows


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rtl_dir, table = sys.argv[1], os.path.abspath(sys.argv[2])
    rows = tbl_rows(table)
    words = len(rows) + 3  # a few never-written rows above the table
    with tempfile.TemporaryDirectory() as tmp:
        netlist = os.path.join(tmp, "table_mem.json")
        script = (f"read_verilog -sv {rtl_dir}/table_mem.sv; "
                  f'chparam -set InitFile "{table}" -set Words {words} table_mem; '
                  f"hierarchy -top table_mem; proc; memory_collect; write_json {netlist}")
        subprocess.run(["yosys", "-q", "-p", script], check=True)
        with open(netlist) as f:
            module = json.load(f)["modules"]["table_mem"]
    mems = [c for c in module["cells"].values() if c["type"] == "$mem_v2"]
    if len(mems) != 1:
        sys.exit(f"FAIL expected one $mem_v2 cell, found {len(mems)}")
    init = mems[0]["parameters"]["INIT"]  # binary, highest address first
    width = 64
    loaded = [init[len(init) - (i + 1) * width:len(init) - i * width] for i in range(len(rows))]
    bad = [i for i, bits in enumerate(loaded) if "x" in bits or int(bits, 2) != rows[i]]
    if bad:
        sys.exit(f"FAIL {len(bad)} of {len(rows)} rows differ, first row {bad[0]}")
    print(f"PASS {len(rows)} rows of {table} loaded by Yosys $readmemh")


if __name__ == "__main__":
    main()
