#!/bin/sh
# The folders of src/ are the stages of the flow (README "Layout"), and
# calls between them run one way: from the command line down to core/.
# Read off the built objects' symbol tables (nm): a folder may use only the
# folders below it, and no two source files may use each other.
set -u
: "${BUILD:?BUILD must name the build directory}"
command -v nm >/dev/null || { echo "nm is missing (binutils)"; exit 1; }
exec python3 - "$BUILD" <<'EOF'
import collections, glob, os, subprocess, sys

build = sys.argv[1]
# each folder's place in the flow; a folder may use the ones with a lower
# number (the same number: neither uses the other)
RANK = {"core": 0, "probe": 1, "measure": 1, "advise": 2, "apply": 3, "bench": 4,
        "observe": 4, "report": 5, "top": 6}
objs = [o for o in glob.glob(os.path.join(build, "**", "*.o"), recursive=True)
        if os.sep + "tests" + os.sep not in o]
if len(objs) < 20:
    sys.exit(f"only {len(objs)} objects under {build}: build first")
defs, uses = {}, collections.defaultdict(set)
for o in objs:
    name = os.path.relpath(o, build)[:-2]
    out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "TDRBC":
            defs[f[2]] = name
        elif len(f) == 2 and f[0] == "U":
            uses[name].add(f[1])

def folder(f):
    return f.split(os.sep)[0] if os.sep in f else "top"

fail = 0
edges = collections.defaultdict(set)
for f, syms in sorted(uses.items()):
    for s in sorted(syms):
        g = defs.get(s)
        if not g or g == f:
            continue
        edges[f].add(g)
        a, b = folder(f), folder(g)
        if a not in RANK or b not in RANK:
            print(f"{f}: folder {a if a not in RANK else b} has no place in the flow (t_layers.sh)")
            fail = 1
        elif a != b and RANK[a] <= RANK[b]:
            print(f"{f} uses {s} from {g}: {a}/ may not call {b}/")
            fail = 1
# files that use one another, directly or around a circle (Tarjan's SCCs)
index, low, stack, on, n = {}, {}, [], set(), [0]
def visit(v):
    index[v] = low[v] = n[0]
    n[0] += 1
    stack.append(v)
    on.add(v)
    for w in sorted(edges.get(v, ())):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            global fail
            print("these files use one another: " + ", ".join(sorted(comp)))
            fail = 1
sys.setrecursionlimit(10000)
for v in sorted(set(edges) | {g for gs in edges.values() for g in gs}):
    if v not in index:
        visit(v)
sys.exit(fail)
EOF
