#!/bin/sh
# The man pages (src/man/) are clean and cannot drift from the code:
# - mandoc -Tlint -W warning (and groff -ww, when groff is there) print
#   nothing for any page;
# - stortune.8 has a COMMANDS subsection for every command of
#   `stortune --help`, listing every option of its own that `stortune help
#   COMMAND` gives it and no option it does not take, and an OPTIONS section
#   listing exactly the options of every command; each SYNOPSIS line names
#   only its command's options;
# - stortune-rules.5 lists exactly the knobs of `stortune rules knobs`, the
#   facts of src/core/attr.c and src/advise/facts.c, and the workloads of
#   `stortune bench list`; stortune.8 lists those workloads too;
# - stortune.conf.5 lists exactly the keys of etc/stortune.conf, section by
#   section (when that file is there).
# Lists are read from the pages' source: the tags of .It lines (".It Fl
# -json", ".It Cm queue/scheduler", ".It Va device.class , device.kind").
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0

if ! command -v mandoc >/dev/null 2>&1; then
	echo "mandoc is missing: the man pages cannot be checked (install the mandoc package: sh .ci/install-deps)"
	exit 1
fi
for p in stortune.8 stortune.conf.5 stortune-rules.5; do
	[ -f "src/man/$p" ] || { echo "src/man/$p is missing"; fail=1; }
done
for p in src/man/*.[1-8]; do
	[ -f "$p" ] || continue
	out=$(mandoc -T lint -W warning "$p" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] || [ -n "$out" ]; then
		echo "mandoc -T lint -W warning $p (exit $rc):"; echo "$out"; fail=1
	fi
	if command -v groff >/dev/null 2>&1; then
		out=$(groff -mandoc -ww -z "$p" 2>&1)
		if [ -n "$out" ]; then echo "groff -mandoc -ww $p:"; echo "$out"; fail=1; fi
	fi
done

python3 - "$STORTUNE" <<'EOF' || fail=1
import os, re, subprocess, sys

stortune = sys.argv[1]
fail = 0


def problem(msg):
    global fail
    print(msg)
    fail = 1


def run(*args):
    r = subprocess.run([stortune, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"stortune {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r.stdout


def parse(path):
    """{(section, subsection): [tag lines]}; subsection '' before the first .Ss."""
    blocks, sh, ss = {}, "", ""
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(".Sh "):
                sh, ss = line[4:].strip('"'), ""
            elif line.startswith(".Ss "):
                ss = line[4:].replace("\\&", "").strip('"[]')
            else:
                blocks.setdefault((sh, ss), []).append(line)
    return blocks


def tags(lines, macro):
    """The arguments of macro on the .It lines it starts, and of the same
    macro after a comma: 'Fl -json' -> '-json'; 'Fl o Ar file , Fl -output
    Ar file' -> 'o', '-output'; 'Va a , b Pq num' -> 'a', 'b'; but 'Cm color
    No = Cm auto' -> 'color'."""
    out = []
    for line in lines:
        words = line.split()
        if words[:2] != [".It", macro]:
            continue
        words, i = words[1:], 0
        while i < len(words):
            if words[i] == macro and (i == 0 or words[i - 1] == ","):
                i += 1
                # its arguments: up to the next macro (Ar, Pq, No ...)
                while i < len(words) and not re.fullmatch(r"[A-Z][a-z][a-z]?", words[i]):
                    if words[i] not in (",", "|"):
                        out.append(words[i])
                    i += 1
            else:
                i += 1
    return out


def flags(lines):
    """Options on .It lines, as --long and -s."""
    return {"-" + t for t in tags(lines, "Fl")}


def compare(what, documented, actual):
    for x in sorted(actual - documented):
        problem(f"{what}: {x} is not documented")
    for x in sorted(documented - actual):
        problem(f"{what}: {x} is documented but does not exist")


# stortune --help / help COMMAND --------------------------------------------
def help_options(text):
    """{'own': {...}, 'common': {...}} from a command's help."""
    out, part = {"own": set(), "common": set()}, None
    for line in text.splitlines():
        if line == "Options:":
            part = "own"
        elif line == "Options of every command:":
            part = "common"
        elif not line.strip():
            part = None
        elif part:
            m = re.match(r"\s+(?:(-\w), )?(--[\w-]+)", line)
            if not m:
                problem(f"cannot read the option in help line {line!r}")
                continue
            out[part].update(x for x in m.groups() if x)
    return out


usage = run("--help")
commands = re.findall(r"^  ([a-z]+) ", usage.split("Commands:\n", 1)[1].split("\n\n", 1)[0],
                      re.M)
if len(commands) < 10:
    sys.exit(f"only {len(commands)} commands read from stortune --help")
opts = {c: help_options(run("help", c)) for c in commands}
common = help_options(usage)["common"]

# stortune.8 ------------------------------------------------------------------
page = parse("src/man/stortune.8")
sections = {ss for sh, ss in page if sh == "COMMANDS" and ss}
compare("stortune.8 COMMANDS", sections, set(commands))
for c in commands:
    # help takes none of them (and says so by not listing them)
    if opts[c]["common"] and opts[c]["common"] != common:
        problem(f"help {c}: its common options differ from stortune --help's")
    # a command's subsection may also say what an option of every command
    # means for it (--json, -v), but only for a command that takes it
    documented = flags(page.get(("COMMANDS", c), []))
    compare(f"stortune.8 COMMANDS {c}", documented - (opts[c]["common"] - opts[c]["own"]),
            opts[c]["own"])
compare("stortune.8 OPTIONS", flags(page.get(("OPTIONS", ""), [])), common)

# SYNOPSIS: one .Nm line per form; each names its command's options only
synopsis, form = [], None
for line in page.get(("SYNOPSIS", ""), []):
    if line == ".Nm":
        form = [None, []]
        synopsis.append(form)
    elif form is not None and form[0] is None and line.startswith(".Cm "):
        form[0] = line.split()[1]
    elif form is not None:
        form[1] += re.findall(r"\bFl (-?[\w-]+)", line)
named = {f[0] for f in synopsis if f[0]}
compare("stortune.8 SYNOPSIS commands", named, set(commands))
for cmd, fl in synopsis:
    allowed = common | (opts[cmd]["own"] if cmd in opts else set())
    for f in fl:
        # a cluster of short options: -hV
        names = ["--" + f[1:]] if f.startswith("-") else ["-" + ch for ch in f]
        for n in names:
            if n not in allowed:
                problem(f"stortune.8 SYNOPSIS {cmd or '(no command)'}: {n} is not its option")

# workloads: stortune bench list
workloads = {l.split()[0] for l in run("bench", "list").splitlines()[1:] if l.strip()}
if len(workloads) < 5:
    sys.exit(f"only {len(workloads)} workloads read from stortune bench list")
compare("stortune.8 bench workloads", set(tags(page.get(("COMMANDS", "bench"), []), "Cm")),
        workloads)

# stortune-rules.5 --------------------------------------------------------------
rpage = parse("src/man/stortune-rules.5")
knobs = {l.split()[0] for l in run("rules", "knobs").splitlines()[1:] if l.strip()}
if len(knobs) < 20:
    sys.exit(f"only {len(knobs)} knobs read from stortune rules knobs")
compare("stortune-rules.5 KNOBS", set(tags(rpage.get(("KNOBS", ""), []), "Cm")), knobs)

# facts: the attribute tables' .fact names and facts.c's derived symbols
facts = set()
with open("src/core/attr.c") as f:
    facts |= set(re.findall(r'\.fact = "([a-z_.]+)"', f.read()))
with open("src/advise/facts.c") as f:
    facts |= set(re.findall(r'^\t\{ "([a-z_.]+)", [BNZTL],', f.read(), re.M))
if len(facts) < 80:
    sys.exit(f"only {len(facts)} fact names read from src/core/attr.c and src/advise/facts.c: "
             "has the format of their tables changed?")
documented = set()
for (sh, ss), lines in rpage.items():
    if sh == "IDENTIFIERS":
        documented |= set(tags(lines, "Va"))
compare("stortune-rules.5 IDENTIFIERS", documented, facts)

text = open("src/man/stortune-rules.5").read()
for w in sorted(workloads - {"custom"}):
    if not re.search(r"^\.Cm " + re.escape(w) + r"( ,)?$", text, re.M):
        problem(f"stortune-rules.5 validate: workload {w} is not listed")

# stortune.conf.5 against etc/stortune.conf -------------------------------------
if os.path.exists("etc/stortune.conf"):
    cpage = parse("src/man/stortune.conf.5")
    keys, sec = {}, None
    with open("etc/stortune.conf") as f:
        for line in f:
            m = re.match(r"^\[([a-z_]+)\]", line)
            if m:
                sec = m.group(1)
                keys.setdefault(sec, set())
                continue
            m = re.match(r"^[#;]?([a-z_]+) *=", line)
            if m and sec:
                keys[sec].add(m.group(1))
    if not keys:
        sys.exit("no [section] read from etc/stortune.conf")
    pages = {ss for sh, ss in cpage if sh == "SECTIONS" and ss}
    compare("stortune.conf.5 SECTIONS", pages, set(keys))
    for s, k in keys.items():
        compare(f"stortune.conf.5 [{s}]", set(tags(cpage.get(("SECTIONS", s), []), "Cm")), k)
else:
    print("note: no etc/stortune.conf here; stortune.conf.5's keys are not checked")
sys.exit(fail)
EOF
exit $fail
