"""Checks ONNX files with the ONNX project's own checker (Debian's python3-onnx 1.12), full_check
on: the graph is well formed, every operator and attribute exists in its opset, and shape
inference runs through. Prints one line per file and exits 1 if any fails.

    /usr/bin/python3 rnn4j-bench/peers/onnx_check.py FILE.onnx...
"""
import collections
import sys

import onnx


def main(paths):
    failed = 0
    for path in paths:
        try:
            model = onnx.load(path)
            onnx.checker.check_model(model, full_check=True)
            ops = collections.Counter(n.op_type for n in model.graph.node)
            opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
            print(f"ok     {path}: opset {opset}, {len(model.graph.node)} nodes ("
                  + ", ".join(f"{k} {v}" for k, v in sorted(ops.items())) + ")")
        except Exception as e:  # the checker raises several kinds; report each as one line
            failed += 1
            print(f"FAILED {path}: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
