#!/usr/bin/python3
"""PyTorch 1.13 peer of `rnn4j translate train`: the same encoder-decoder, tokens, data split,
batching, optimizer and time budget, so test BLEU, training speed and the validation curves can
be compared side by side.

    OMP_NUM_THREADS=2 /usr/bin/python3 rnn4j-bench/peers/pytorch_translate.py \
        --data cmn.txt --vocab-from en-zh.model --max-time 1200 --out pytorch-en-zh

The vocabularies (BPE merges included) are read from an rnn4j translation model file
(`--vocab-from`, any run of `rnn4j translate train` with the same --source/--target, even
`--max-steps 1`), and applied exactly as rnn4j applies them, so both sides see the same tokens.
Like `rnn4j translate train` with its defaults:
  * the pair file split by English sentence (k mod 20 = 0 test, 1 dev, else train); pairs with
    more than 40 tokens on either side left out of training;
  * Embedding(Vs, 256) -> dropout 0.2 -> bidirectional LSTM 256 per direction (packed);
  * decoder: Embedding(Vt, 256) -> dropout 0.2, LSTMCell(256 + 512, 512) with input feeding,
    started from the encoder's final forward and backward states (h; c = 0), Luong general
    attention over the masked source, o_t = tanh(W_c [c_t; s_t] + b), Linear(512, Vt);
  * batches of 64 pairs of similar lengths (shuffled, sorted by source then target length,
    cut), batch order shuffled each epoch;
  * cross-entropy with label smoothing 0.1, Adam lr 1e-3, gradient norm clipped to 1;
  * validation (plain cross-entropy per target token over the dev part) every 200 updates; the
    clock includes validation, as rnn4j's --max-time does; the weights of the best validation
    are kept;
  * at the end, greedy decoding (at most 41 tokens) of every distinct test source sentence,
    scored with sacreBLEU's definition (zh or 13a tokens, no smoothing) when sacrebleu is
    installed; the translations are written either way.
Writes OUT.jsonl (one line per validation: step, seconds, validation_loss, tokens_per_second,
tokens counted as rnn4j counts them: the target tokens and END) and OUT.test.txt.
"""
import argparse
import json
import random
import struct
import sys
import time

import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

END, START = 0, 1


def read_manifest(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    return json.loads(header["__metadata__"]["manifest"])


class Vocabulary:
    """An rnn4j SubwordVocabulary read back: char or BPE, applied as rnn4j applies it."""

    def __init__(self, j):
        self.kind = j["kind"]
        self.tokens = j["tokens"]
        self.ids = {t: i for i, t in enumerate(self.tokens)}
        self.unk = self.ids["<unk>"]
        self.rank = {m: i for i, m in enumerate(j["merges"])}
        self.cache = {}

    def segment(self, word):
        if word in self.cache:
            return self.cache[word]
        sym = list(word)
        sym[-1] += "</w>"
        while len(sym) > 1:
            best, best_rank = -1, None
            for i in range(len(sym) - 1):
                r = self.rank.get(sym[i] + " " + sym[i + 1])
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = i, r
            if best < 0:
                break
            a, b = sym[best], sym[best + 1]
            out, i = [], 0
            while i < len(sym):
                if i + 1 < len(sym) and sym[i] == a and sym[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(sym[i])
                    i += 1
            sym = out
        self.cache[word] = sym
        return sym

    def encode(self, s):
        if self.kind == "char":
            pieces = list(s)
        else:
            pieces = [p for w in s.split() for p in self.segment(w)]
        return [self.ids.get(p, self.unk) for p in pieces]

    def decode(self, ids):
        reserved = 3 if self.tokens[:2] == ["</s>", "<s>"] else 1
        text = "".join(self.tokens[i] for i in ids if i >= reserved or self.tokens[i] == "<unk>")
        return text if self.kind == "char" else text.replace("</w>", " ").strip()


def split_pairs(path, columns, source, target):
    pairs = []
    for line in open(path, encoding="utf-8-sig", newline="").read().split("\n"):
        line = line[:-1] if line.endswith("\r") else line
        if not line.strip():
            continue
        cols = line.split("\t")
        pairs.append((cols[0].strip(), cols[1].strip()))  # as rnn4j's ParallelCorpus strips them
    number, parts = {}, {"train": [], "dev": [], "test": []}
    for a, b in pairs:
        k = number.setdefault(a, len(number))
        part = "test" if k % 20 == 0 else "dev" if k % 20 == 1 else "train"
        cols = {columns[0]: a, columns[1]: b}
        parts[part].append((cols[source], cols[target]))
    return parts


def batches(pairs, size, rng):
    order = list(pairs)
    rng.shuffle(order)
    order.sort(key=lambda p: (len(p[0]), len(p[1])))
    out = []
    for i in range(0, len(order), size):
        chunk = order[i:i + size]
        S = max(len(s) for s, _ in chunk)
        T = max(len(t) for _, t in chunk) + 1
        src = torch.zeros(S, len(chunk), dtype=torch.long)
        tin = torch.zeros(T, len(chunk), dtype=torch.long)
        tout = torch.full((T, len(chunk)), -100, dtype=torch.long)
        for b, (s, t) in enumerate(chunk):
            src[:len(s), b] = torch.tensor(s)
            tin[0, b] = START
            tin[1:len(t) + 1, b] = torch.tensor(t, dtype=torch.long)
            tout[:len(t), b] = torch.tensor(t, dtype=torch.long)
            tout[len(t), b] = END
        out.append((src, torch.tensor([len(s) for s, _ in chunk]), tin, tout))
    return out


class Seq2Seq(torch.nn.Module):
    def __init__(self, vs, vt, embed, hidden, dec, dropout):
        super().__init__()
        self.src_embed = torch.nn.Embedding(vs, embed)
        self.encoder = torch.nn.LSTM(embed, hidden, bidirectional=True)
        self.tgt_embed = torch.nn.Embedding(vt, embed)
        self.cell = torch.nn.LSTMCell(embed + dec, dec)
        self.attention = torch.nn.Linear(2 * hidden, dec, bias=False)  # general score: s^T W m
        self.combine = torch.nn.Linear(2 * hidden + dec, dec)
        self.head = torch.nn.Linear(dec, vt)
        self.drop = torch.nn.Dropout(dropout)
        self.hidden, self.dec = hidden, dec

    def encode(self, src, lengths):
        packed = pack_padded_sequence(self.drop(self.src_embed(src)), lengths, enforce_sorted=False)
        memory, _ = pad_packed_sequence(self.encoder(packed)[0], total_length=src.shape[0])  # (S, B, 2H)
        B = src.shape[1]
        idx = torch.arange(B)
        summary = torch.cat([memory[lengths - 1, idx, :self.hidden], memory[0, :, self.hidden:]], 1)
        mask = torch.arange(src.shape[0]).unsqueeze(1) < lengths.unsqueeze(0)  # (S, B)
        return memory, summary, mask

    def start(self, memory, summary, mask):
        B = memory.shape[1]
        return [summary, torch.zeros(B, self.dec), torch.zeros(B, self.dec), self.attention(memory), memory, mask]

    def step(self, state, embedded):
        h, c, feed, keys, memory, mask = state
        h, c = self.cell(torch.cat([embedded, feed], 1), (h, c))
        scores = (keys * h.unsqueeze(0)).sum(2).masked_fill(~mask, float("-inf"))  # (S, B)
        a = torch.softmax(scores, 0)
        context = (a.unsqueeze(2) * memory).sum(0)
        o = torch.tanh(self.combine(torch.cat([context, h], 1)))
        state[0], state[1], state[2] = h, c, o
        return o

    def forward(self, src, lengths, tin):
        state = self.start(*self.encode(src, lengths))
        emb = self.drop(self.tgt_embed(tin))
        outs = [self.step(state, emb[t]) for t in range(tin.shape[0])]
        return self.head(torch.stack(outs))


def evaluate(model, dev):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for src, lengths, tin, tout in dev:
            logits = model(src, lengths, tin)
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tout.reshape(-1), reduction="sum").item()
            count += (tout != -100).sum().item()
    model.train()
    return total / count


def greedy(model, sources, max_len):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(sources), 64):
            chunk = sources[i:i + 64]
            S = max(len(s) for s in chunk)
            src = torch.zeros(S, len(chunk), dtype=torch.long)
            for b, s in enumerate(chunk):
                src[:len(s), b] = torch.tensor(s)
            state = model.start(*model.encode(src, torch.tensor([len(s) for s in chunk])))
            prev = torch.full((len(chunk),), START, dtype=torch.long)
            written = [[] for _ in chunk]
            done = [False] * len(chunk)
            for _ in range(max_len):
                logits = model.head(model.step(state, model.tgt_embed(prev)))
                logits[:, START] = float("-inf")
                prev = logits.argmax(1)
                for b, tok in enumerate(prev.tolist()):
                    if not done[b]:
                        if tok == END:
                            done[b] = True
                        else:
                            written[b].append(tok)
                if all(done):
                    break
            out.extend(written)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--vocab-from", required=True, help="an rnn4j translation model file with the same source and target")
    ap.add_argument("--columns", default="en,zh")
    ap.add_argument("--max-time", type=float, default=1200.0, help="seconds of training, validation included")
    ap.add_argument("--max-length", type=int, default=40)
    ap.add_argument("--embed", type=int, default=256)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--decoder-hidden", type=int, default=512)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--validate-every", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--torch-threads", type=int, default=2)
    ap.add_argument("--out", required=True, help="prefix of OUT.jsonl and OUT.test.txt")
    args = ap.parse_args()
    torch.set_num_threads(args.torch_threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)

    tr = read_manifest(args.vocab_from)["translation"]
    sv, tv = Vocabulary(tr["source_vocabulary"]), Vocabulary(tr["target_vocabulary"])
    source, target = tr["source_language"], tr["target_language"]
    parts = split_pairs(args.data, args.columns.split(","), source, target)

    def encode(pairs):
        out = []
        for s, t in pairs:
            a, b = sv.encode(s), tv.encode(t)
            if 0 < len(a) <= args.max_length and 0 < len(b) <= args.max_length:
                out.append((a, b))
        return out

    train, dev = encode(parts["train"]), encode(parts["dev"])
    train_batches = batches(train, args.batch, rng)
    dev_batches = batches(dev, args.batch, random.Random(args.seed))
    model = Seq2Seq(len(sv.tokens), len(tv.tokens), args.embed, args.hidden, args.decoder_hidden, args.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    print(f"pytorch {torch.__version__}: {source} -> {target}, {len(train)} train pairs, {len(train_batches)} batches/epoch,"
          f" vocabularies {len(sv.tokens)} and {len(tv.tokens)}, {sum(p.numel() for p in model.parameters())} parameters,"
          f" torch threads {args.torch_threads}", flush=True)
    log = open(args.out + ".jsonl", "w")
    start = time.perf_counter()
    step, tokens, best, best_state = 0, 0, float("inf"), None
    done = False
    while not done:
        order = list(train_batches)
        rng.shuffle(order)
        for src, lengths, tin, tout in order:
            logits = model(src, lengths, tin)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tout.reshape(-1), label_smoothing=args.label_smoothing)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            opt.step()
            step += 1
            tokens += (tout != -100).sum().item()
            if step % args.validate_every == 0:
                v = evaluate(model, dev_batches)
                if v < best:
                    best, best_state = v, {k: x.clone() for k, x in model.state_dict().items()}
                seconds = time.perf_counter() - start
                line = {"step": step, "seconds": round(seconds, 2), "validation_loss": v, "tokens_per_second": round(tokens / seconds)}
                print(json.dumps(line), flush=True)
                log.write(json.dumps(line) + "\n")
                log.flush()
            if time.perf_counter() - start >= args.max_time:
                done = True
                break
    elapsed = time.perf_counter() - start
    if best_state is not None:
        model.load_state_dict(best_state)
    refs = {}
    for s, t in parts["test"]:
        refs.setdefault(s, []).append(t)
    sources = list(refs)
    fits = [s for s in sources if 0 < len(sv.encode(s)) <= args.max_length]
    written = dict(zip(fits, (tv.decode(ids) for ids in greedy(model, [sv.encode(s) for s in fits], args.max_length + 1))))
    hyps = [written.get(s, "") for s in sources]
    with open(args.out + ".test.txt", "w", encoding="utf-8") as f:
        for s, h in zip(sources, hyps):
            f.write(s + "\t" + h + "\n")
    summary = {"steps": step, "seconds": round(elapsed, 1), "tokens_per_second": round(tokens / elapsed),
               "best_validation_loss": best, "sentences": len(sources)}
    try:
        import sacrebleu
        width = max(len(r) for r in refs.values())
        streams = [[refs[s][k] if k < len(refs[s]) else None for s in sources] for k in range(width)]
        tok = "zh" if target == "zh" else "13a"
        summary["bleu"] = sacrebleu.corpus_bleu(hyps, streams, tokenize=tok, smooth_method="none").score
        summary["chrf"] = sacrebleu.corpus_chrf(hyps, streams).score
    except ImportError:
        print("sacrebleu is not installed: score OUT.test.txt elsewhere", file=sys.stderr)
    print("done: " + json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
