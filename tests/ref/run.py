#!/usr/bin/env python3
"""Reference-output tests (issue #17), in the manner of OpenImageIO's testsuite.

    tests/ref/run.py IDPHOTO [--update] [--keep] [CASE...]

Each tests/ref/<case>/ holds
  cmd              idphoto's arguments, one line (shell quoting), run in a fresh temp dir
                   in which samples/ is a link to the repository's samples/
  inputs           optional: lines 'DEST <- SRC' copying SRC (relative to the repository)
                   to DEST (relative to the temp dir) before the run, e.g. an inbox for bundle
  files/           optional: copied as is into the temp dir (a roster, ...)
  tolerances.json  optional: per-key tolerances for the JSON and the outputs to compare
  ref/             the expected results: exit (the exit code), stdout.json (stdout's JSON
                   objects, one per line, as a list) or stdout.txt, and the output files

The JSON is compared key by key: strings, booleans, nulls and statuses exactly, numbers with
the tolerance of the first rule whose pattern matches the key's path (the case's rules first,
then DEFAULT_RULES; '*' is the only wildcard; no rule: exact). Lists of objects with an "id"
(the checks) are matched by id, so a diff reads '[0].checks[face.resolution].value'.
Images (.jpg, .png) are decoded with ImageMagick's convert and compared by mean absolute
difference and largest per-sample difference (0-255); JPEGs also by their JFIF density and
baseline/size header. CSV files exactly (after dropping the columns the case names), zips by
their member names, a 'tree' by the list of files under a folder.

--update rewrites every ref/ from this idphoto (after an intended change: review the diff of
tests/ref/*/ref in git before committing it). --keep leaves the temp dirs for a look.
Exit 0 all cases match, 1 some differ, 2 usage or setup error.
"""
import csv
import difflib
import io
import json
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# (pattern on the key path, tolerance). abs: |got - expected| <= abs; rel: <= rel * max(|.|).
# Either one passing is enough.
DEFAULT_RULES = [
    ("*.crop.x", {"abs": 1.5}),
    ("*.crop.y", {"abs": 1.5}),
    ("*.crop.w", {"abs": 1.5}),
    ("*.crop.h", {"abs": 1.5}),
    ("*.crop.scale", {"rel": 0.005}),
    ("*.measures.*_px", {"abs": 1.0}),
    ("*.measures.*", {"abs": 0.01}),   # shares and margins (0..1)
    ("*.jpeg.bytes", {"rel": 0.03}),
    ("*.jpeg.quality", {"abs": 2}),
    ("*.checks[*].value", {"rel": 0.02, "abs": 0.005}),
]
# Images: mean absolute difference and largest difference per sample, 0-255.
DEFAULT_IMAGE = {"mae": 0.5, "max": 24}


def glob_re(pattern):
    return re.compile("^" + ".*".join(re.escape(p) for p in pattern.split("*")) + "$")


class Case:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        with open(os.path.join(path, "cmd"), encoding="utf-8") as f:
            lines = [l for l in f.read().splitlines() if l.strip() and not l.startswith("#")]
        if len(lines) != 1:
            raise SystemExit(f"{path}/cmd: expected one line of arguments, found {len(lines)}")
        self.args = shlex.split(lines[0])
        tol_file = os.path.join(path, "tolerances.json")
        self.config = {}
        if os.path.exists(tol_file):
            with open(tol_file, encoding="utf-8") as f:
                self.config = json.load(f)
        rules = list(self.config.get("json", {}).items()) + DEFAULT_RULES
        self.rules = [(glob_re(p), t) for p, t in rules]
        self.stdout_kind = self.config.get("stdout", "json" if "--json" in self.args else "text")
        self.outputs = self.config.get("outputs", {})
        self.ref = os.path.join(path, "ref")

    def tolerance(self, key):
        for rx, tol in self.rules:
            if rx.match(key):
                return tol
        return {}


# ---------------------------------------------------------------- JSON

def label(v):
    return json.dumps(v, ensure_ascii=False)


def compare_json(case, exp, got, key, diffs):
    if isinstance(exp, dict) and isinstance(got, dict):
        for k in exp:
            if k not in got:
                diffs.append(f"{key}.{k}: expected {label(exp[k])}, missing")
        for k in got:
            if k not in exp:
                diffs.append(f"{key}.{k}: not expected, got {label(got[k])}")
        for k in exp:
            if k in got:
                compare_json(case, exp[k], got[k], f"{key}.{k}", diffs)
        return
    if isinstance(exp, list) and isinstance(got, list):
        by_id = all(isinstance(e, dict) and "id" in e for e in exp + got) and (exp or got)
        if by_id:
            ei = [e["id"] for e in exp]
            gi = [g["id"] for g in got]
            for i in ei:
                if i not in gi:
                    diffs.append(f"{key}[{i}]: expected, missing")
            for i in gi:
                if i not in ei:
                    diffs.append(f"{key}[{i}]: not expected, got {label(got[gi.index(i)])}")
            common_e = [i for i in ei if i in gi]
            common_g = [i for i in gi if i in ei]
            if common_e != common_g:
                diffs.append(f"{key}: order of ids: expected {common_e}, got {common_g}")
            gmap = {g["id"]: g for g in got}
            for e in exp:
                if e["id"] in gmap:
                    compare_json(case, e, gmap[e["id"]], f"{key}[{e['id']}]", diffs)
            return
        if len(exp) != len(got):
            diffs.append(f"{key}: expected {len(exp)} items, got {len(got)}: "
                         f"expected {label(exp)}, got {label(got)}")
            return
        for i, (e, g) in enumerate(zip(exp, got)):
            compare_json(case, e, g, f"{key}[{i}]", diffs)
        return
    num = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
    if num(exp) and num(got):
        tol = case.tolerance(key)
        d = abs(got - exp)
        ok = d == 0 or d <= tol.get("abs", 0) or d <= tol.get("rel", 0) * max(abs(exp), abs(got))
        if not ok:
            allowed = ", ".join(f"{k} {v}" for k, v in tol.items()) or "exact"
            diffs.append(f"{key}: expected {exp}, got {got} (differs by {d:.6g}; allowed: {allowed})")
        return
    if type(exp) != type(got) or exp != got:
        diffs.append(f"{key}: expected {label(exp)}, got {label(got)}")


def parse_jsonl(text):
    return [json.loads(l) for l in text.splitlines() if l.strip()]


# ---------------------------------------------------------------- images

def decode(path, resize=None):
    """(width, height, bytes of RGB) through ImageMagick; alpha dropped, grey as RGB."""
    cmd = ["convert", path]
    if resize:
        cmd += ["-resize", resize]
    cmd += ["-depth", "8", "ppm:-"]
    data = subprocess.run(cmd, check=True, capture_output=True).stdout
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not m or m.group(3) != b"255":
        raise RuntimeError(f"convert gave no 8-bit PPM for {path}")
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():m.end() + w * h * 3]


def jpeg_header(path):
    """JFIF density and the frame header: what CHSI checks besides the pixels."""
    with open(path, "rb") as f:
        data = f.read()
    facts = {}
    i = 2
    if data[:2] != b"\xff\xd8":
        return {"jpeg": False}
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        seg = data[i + 4:i + 2 + length]
        if marker == 0xE0 and seg[:5] == b"JFIF\0":
            units, xd, yd = struct.unpack(">BHH", seg[7:12])
            facts["density"] = f"{xd}x{yd} units {units}"
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", seg[1:5])
            facts["frame"] = f"SOF{marker - 0xC0} {w}x{h} components {seg[5]}"
            break
        i += 2 + length
    return facts


def compare_image(exp_path, got_path, spec, diffs, name):
    resize = spec.get("resize")
    ew, eh, e = decode(exp_path)
    gw, gh, g = decode(got_path, resize)
    if (ew, eh) != (gw, gh):
        diffs.append(f"{name}: size expected {ew}x{eh}, got {gw}x{gh}")
        return
    total = 0
    worst = 0
    for a, b in zip(e, g):
        d = a - b if a >= b else b - a
        total += d
        if d > worst:
            worst = d
    mae = total / max(1, len(e))
    lim_mae = spec.get("mae", DEFAULT_IMAGE["mae"])
    lim_max = spec.get("max", DEFAULT_IMAGE["max"])
    if mae > lim_mae:
        diffs.append(f"{name}: mean absolute difference {mae:.3f} > {lim_mae} (max {worst})")
    if lim_max is not None and worst > lim_max:
        diffs.append(f"{name}: largest per-sample difference {worst} > {lim_max} (mean {mae:.3f})")
    if got_path.lower().endswith((".jpg", ".jpeg")) and not resize:
        he, hg = jpeg_header(exp_path), jpeg_header(got_path)
        for k in sorted(set(he) | set(hg)):
            if he.get(k) != hg.get(k):
                diffs.append(f"{name}: JPEG {k}: expected {he.get(k)}, got {hg.get(k)}")


# ---------------------------------------------------------------- other outputs

def read_csv(path, drop):
    with open(path, "rb") as f:
        raw = f.read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    if rows and drop:
        keep = [i for i, h in enumerate(rows[0]) if h not in drop]
        rows = [[r[i] for i in keep if i < len(r)] for r in rows]
    return bom, rows


def compare_csv(exp_path, got_path, spec, diffs, name):
    drop = spec.get("drop_columns", [])
    eb, er = read_csv(exp_path, drop)
    gb, gr = read_csv(got_path, drop)
    if eb != gb:
        diffs.append(f"{name}: UTF-8 BOM expected {eb}, got {gb}")
    header = er[0] if er else []
    if er and gr and er[0] != gr[0]:
        # Another set of columns: say so once, then compare the columns both have, by name.
        diffs.append(f"{name} columns: expected {er[0]}, got {gr[0]}")
        common = [h for h in er[0] if h in gr[0]]
        er = [[r[er[0].index(h)] if er[0].index(h) < len(r) else None for h in common] for r in er]
        gr = [[r[gr[0].index(h)] if gr[0].index(h) < len(r) else None for h in common] for r in gr]
        header = common
    for i in range(max(len(er), len(gr))):
        e = er[i] if i < len(er) else None
        g = gr[i] if i < len(gr) else None
        if e == g:
            continue
        if e is None or g is None:
            diffs.append(f"{name} line {i + 1}: expected {e}, got {g}")
            continue
        for j in range(max(len(e), len(g))):
            ev = e[j] if j < len(e) else None
            gv = g[j] if j < len(g) else None
            if ev != gv:
                col = header[j] if j < len(header) else str(j)
                diffs.append(f"{name} line {i + 1} ({e[0] if e else ''}) {col}: "
                             f"expected {label(ev)}, got {label(gv)}")


def tree(path):
    out = []
    for root, _, files in os.walk(path):
        for f in files:
            out.append(os.path.relpath(os.path.join(root, f), path))
    return sorted(out)


def zip_names(path):
    with zipfile.ZipFile(path) as z:
        return sorted(z.namelist())


def kind_of(path, spec):
    if "kind" in spec:
        return spec["kind"]
    ext = os.path.splitext(path)[1].lower()
    return {".jpg": "image", ".jpeg": "image", ".png": "image", ".csv": "csv",
            ".zip": "zip"}.get(ext, "text")


def ref_name(path, kind):
    return path + ".tree" if kind == "tree" else path + ".names" if kind == "zip" else path


def compare_output(case, tmp, path, spec, diffs):
    kind = kind_of(path, spec)
    got = os.path.join(tmp, path)
    exp = os.path.join(case.ref, ref_name(path, kind))
    if not os.path.exists(got):
        diffs.append(f"{path}: not written")
        return
    if not os.path.exists(exp):
        diffs.append(f"{path}: no reference {os.path.relpath(exp, REPO)} (run with --update)")
        return
    if kind == "image":
        compare_image(exp, got, spec, diffs, path)
    elif kind == "csv":
        compare_csv(exp, got, spec, diffs, path)
    elif kind in ("tree", "zip"):
        with open(exp, encoding="utf-8") as f:
            want = f.read().splitlines()
        have = tree(got) if kind == "tree" else zip_names(got)
        for x in want:
            if x not in have:
                diffs.append(f"{path}: expected {x}, missing")
        for x in have:
            if x not in want:
                diffs.append(f"{path}: not expected: {x}")
    else:
        with open(exp, "rb") as f1, open(got, "rb") as f2:
            if f1.read() != f2.read():
                diffs.append(f"{path}: differs from {os.path.relpath(exp, REPO)}")


def update_output(case, tmp, path, spec):
    kind = kind_of(path, spec)
    got = os.path.join(tmp, path)
    dest = os.path.join(case.ref, ref_name(path, kind))
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    if kind == "tree" or kind == "zip":
        names = tree(got) if kind == "tree" else zip_names(got)
        with open(dest, "w", encoding="utf-8") as f:
            f.write("".join(n + "\n" for n in names))
    elif kind == "image" and spec.get("resize"):
        # -strip: no tEXt date chunks, so --update is reproducible.
        subprocess.run(["convert", got, "-resize", spec["resize"], "-strip", dest], check=True)
    else:
        shutil.copyfile(got, dest)


# ---------------------------------------------------------------- running

def prepare(case, tmp):
    os.symlink(os.path.join(REPO, "samples"), os.path.join(tmp, "samples"))
    files = os.path.join(case.path, "files")
    if os.path.isdir(files):
        shutil.copytree(files, tmp, dirs_exist_ok=True)
    inputs = os.path.join(case.path, "inputs")
    if os.path.exists(inputs):
        with open(inputs, encoding="utf-8") as f:
            for line in f.read().splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                dest, src = (s.strip() for s in line.split("<-"))
                d = os.path.join(tmp, dest)
                os.makedirs(os.path.dirname(d), exist_ok=True)
                shutil.copyfile(os.path.join(REPO, src), d)


def run_case(idphoto, case, update, keep):
    tmp = tempfile.mkdtemp(prefix=f"idphoto-ref-{case.name}-")
    diffs = []
    try:
        prepare(case, tmp)
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        p = subprocess.run([idphoto] + case.args, cwd=tmp, capture_output=True, env=env,
                           timeout=900)
        stdout = p.stdout.decode("utf-8", "replace")
        if case.stdout_kind == "json":
            try:
                got_json = parse_jsonl(stdout)
            except json.JSONDecodeError as e:
                diffs.append(f"stdout: not JSON lines ({e}): {stdout[:300]!r}")
                got_json = None
        if update:
            os.makedirs(case.ref, exist_ok=True)
            with open(os.path.join(case.ref, "exit"), "w") as f:
                f.write(f"{p.returncode}\n")
            if case.stdout_kind == "json" and got_json is not None:
                with open(os.path.join(case.ref, "stdout.json"), "w", encoding="utf-8") as f:
                    json.dump(got_json, f, ensure_ascii=False, indent=1)
                    f.write("\n")
            elif case.stdout_kind == "text":
                with open(os.path.join(case.ref, "stdout.txt"), "w", encoding="utf-8") as f:
                    f.write(stdout)
            for path, spec in case.outputs.items():
                if os.path.exists(os.path.join(tmp, path)):
                    update_output(case, tmp, path, spec)
                else:
                    diffs.append(f"{path}: not written, no reference made")
            return diffs, p
        if not os.path.exists(os.path.join(case.ref, "exit")):
            diffs.append(f"no {os.path.relpath(case.ref, REPO)}/exit: a new case? run with --update")
            return diffs, p
        with open(os.path.join(case.ref, "exit")) as f:
            want_exit = int(f.read())
        if p.returncode != want_exit:
            diffs.append(f"exit code: expected {want_exit}, got {p.returncode}")
        if case.stdout_kind == "json" and got_json is not None:
            with open(os.path.join(case.ref, "stdout.json"), encoding="utf-8") as f:
                want_json = json.load(f)
            compare_json(case, want_json, got_json, "", diffs)
        elif case.stdout_kind == "text":
            with open(os.path.join(case.ref, "stdout.txt"), encoding="utf-8") as f:
                want = f.read()
            if want != stdout:
                lines = difflib.unified_diff(want.splitlines(), stdout.splitlines(),
                                             "expected", "got", lineterm="", n=0)
                diffs.append("stdout differs:\n      " + "\n      ".join(list(lines)[2:]))
        for path, spec in case.outputs.items():
            compare_output(case, tmp, path, spec, diffs)
        return diffs, p
    finally:
        if keep:
            print(f"  (kept {tmp})")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    unknown = flags - {"--update", "--keep"}
    if unknown or not args:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    idphoto = os.path.abspath(args[0])
    names = args[1:] or sorted(d for d in os.listdir(HERE)
                               if os.path.exists(os.path.join(HERE, d, "cmd")))
    failed = []
    for name in names:
        case = Case(os.path.join(HERE, name))
        diffs, p = run_case(idphoto, case, "--update" in flags, "--keep" in flags)
        # A crash or a sanitizer report is never a match, whatever the refs say.
        if p.returncode < 0 or p.returncode > 2:
            diffs.append(f"idphoto ended with {p.returncode}: {p.stderr.decode('utf-8', 'replace')[-2000:]}")
        verb = "updated" if "--update" in flags and not diffs else "ok" if not diffs else "FAIL"
        print(f"{verb}: {name}  (idphoto {' '.join(shlex.quote(a) for a in case.args)})")
        for d in diffs:
            print(f"    {d}")
        if diffs:
            failed.append(name)
            err = p.stderr.decode("utf-8", "replace").strip()
            if err:
                print("    stderr: " + err[-1500:].replace("\n", "\n            "))
    print(f"{len(names) - len(failed)}/{len(names)} reference cases match"
          + (f"; differ: {' '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
