"""OPTIONAL: rebuild the training photo set from the Debian packages named in MANIFEST.tsv.

Usage: /usr/bin/python3 training/rebuild_photos.py --manifest MANIFEST.tsv --out DIR
Needs apt access (apt-get download, dpkg-deb). Untested in the offline training box.
The first component of `path_in_package` is the binary package; rows noted
"downscaled to WxH (Lanczos, q94)" are re-encoded the same way.
"""
import argparse
import csv
import os
import re
import shutil
import subprocess
import tempfile

from PIL import Image


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rows = list(csv.DictReader(open(a.manifest), delimiter="\t"))
    work = tempfile.mkdtemp(prefix="crisp-debs-")
    extracted = {}
    for r in rows:
        pkg, rel = r["path_in_package"].split("/", 1)
        if pkg not in extracted:
            d = os.path.join(work, pkg)
            os.makedirs(d, exist_ok=True)
            subprocess.run(["apt-get", "download", pkg], cwd=d, check=True)
            deb = [f for f in os.listdir(d) if f.endswith(".deb")][0]
            subprocess.run(["dpkg-deb", "-x", deb, "root"], cwd=d, check=True)
            extracted[pkg] = os.path.join(d, "root")
        src = os.path.join(extracted[pkg], rel)
        dst = os.path.join(a.out, r["file"])
        m = re.search(r"downscaled to (\d+)x(\d+)", r.get("note", ""))
        if m:
            im = Image.open(src).convert("RGB")
            im.resize((int(m.group(1)), int(m.group(2))), Image.LANCZOS).save(dst, quality=94)
        else:
            shutil.copyfile(src, dst)
        print(r["file"])
    shutil.copyfile(a.manifest, os.path.join(a.out, "MANIFEST.tsv"))


if __name__ == "__main__":
    main()
