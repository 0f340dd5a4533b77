#!/usr/bin/env python3
"""No libphoto header includes one from a higher layer (issue #17).

Layers, bottom to top: core; io and face; matte; analysis; checks and framing; render;
department. The CLI sits above them all. A header's layer is its folder; a header may include
headers of its own layer and of lower ones, so each layer can be read, built and tested
without those above it. Sources (.cpp) are held to the same rule, except the ones listed in
CPP_EXCEPTIONS with the reason.

Usage: check_layers.py SOURCE_DIR   (exit 1 and one line per upward include)
"""
import os
import re
import sys

LEVEL = {"core": 0, "io": 1, "face": 1, "matte": 2, "analysis": 3, "checks": 4, "framing": 4,
         "render": 5, "department": 6}
INCLUDE = re.compile(r'^\s*#\s*include\s+"libphoto/([a-z_]+)/')
CPP_EXCEPTIONS = {}


def main(root):
    lib = os.path.join(root, "libphoto")
    problems, headers = [], 0
    for layer in LEVEL:
        folder = os.path.join(lib, layer)
        if not os.path.isdir(folder):
            problems.append(f"libphoto/{layer}/: the folder is missing")
            continue
        for dirpath, _, files in os.walk(folder):
            for name in sorted(files):
                if not name.endswith((".hpp", ".cpp")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                headers += name.endswith(".hpp")
                with open(path, encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        dep = m.group(1)
                        if dep not in LEVEL:
                            problems.append(f"{rel}:{number}: includes libphoto/{dep}/, which is no layer")
                        elif LEVEL[dep] > LEVEL[layer] and rel not in CPP_EXCEPTIONS:
                            problems.append(f"{rel}:{number}: {layer} includes {dep}, a higher layer")
    # Every file of libphoto is in a layer's folder.
    for name in os.listdir(lib):
        if name.endswith((".hpp", ".cpp")):
            problems.append(f"libphoto/{name}: not in a layer's folder")
    for p in problems:
        print(p)
    print(f"{headers} headers checked, {len(problems)} problem(s)")
    return 1 if problems or headers == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
