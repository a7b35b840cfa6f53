#!/usr/bin/python3
"""Turns the chinese-poetry Tang collection (quantangshi-tang.zip: poet.tang.*.json, each an array
of {"author", "title", "paragraphs": [lines]}) into plain UTF-8 text for `rnn4j train`: one poem
per line, its lines joined, in file order.

    /usr/bin/python3 scripts/tang-poems-to-text.py quantangshi-tang.zip > tang.txt
    /usr/bin/python3 scripts/tang-poems-to-text.py --quatrains quantangshi-tang.zip > tang-quatrains.txt

--quatrains keeps only the regular quatrains: four lines of five, or of seven, characters
("xxxxx，xxxxx。xxxxx，xxxxx。").
"""
import json
import re
import sys
import zipfile


QUATRAIN = re.compile(r"^([^，。]{5}，[^，。]{5}。){2}$|^([^，。]{7}，[^，。]{7}。){2}$")


def main():
    args = sys.argv[1:]
    quatrains = "--quatrains" in args
    args = [a for a in args if a != "--quatrains"]
    if len(args) != 1:
        sys.exit("usage: tang-poems-to-text.py [--quatrains] quantangshi-tang.zip > tang.txt")
    with zipfile.ZipFile(args[0]) as z:
        names = sorted((n for n in z.namelist() if re.search(r"poet\.tang\.\d+\.json$", n)),
                       key=lambda n: int(re.search(r"(\d+)\.json$", n).group(1)))
        poems = 0
        for name in names:
            for poem in json.loads(z.read(name).decode("utf-8")):
                text = "".join(poem.get("paragraphs", [])).strip()
                if text and (not quatrains or QUATRAIN.match(text)):
                    sys.stdout.write(text + "\n")
                    poems += 1
    print(f"{poems} poems from {len(names)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
