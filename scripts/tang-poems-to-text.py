#!/usr/bin/python3
"""Turns the chinese-poetry Tang collection (quantangshi-tang.zip: poet.tang.*.json, each an array
of {"author", "title", "paragraphs": [lines]}) into plain UTF-8 text for `rnn4j train`: one poem
per line, its lines joined, in file order.

    /usr/bin/python3 scripts/tang-poems-to-text.py quantangshi-tang.zip > tang.txt
"""
import json
import re
import sys
import zipfile


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: tang-poems-to-text.py quantangshi-tang.zip > tang.txt")
    with zipfile.ZipFile(sys.argv[1]) as z:
        names = sorted((n for n in z.namelist() if re.search(r"poet\.tang\.\d+\.json$", n)),
                       key=lambda n: int(re.search(r"(\d+)\.json$", n).group(1)))
        poems = 0
        for name in names:
            for poem in json.loads(z.read(name).decode("utf-8")):
                text = "".join(poem.get("paragraphs", [])).strip()
                if text:
                    sys.stdout.write(text + "\n")
                    poems += 1
    print(f"{poems} poems from {len(names)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
