#!/usr/bin/python3
"""Writes the BLEU and chrF fixtures checked by BleuTest.

Needs sacreBLEU 2.6.0 (pip) and Debian's NLTK (apt-get install -y python3-nltk), and the Tatoeba
pairs in ../shared/data/tatoeba-cmn-eng beside the checkout:

    python3 rnn4j-core/src/test/python/make_bleu_fixtures.py

It stores sacreBLEU's tokenisations (13a and zh) of tricky strings and of Tatoeba sentences, and
corpus BLEU (no smoothing and exp smoothing) and chrF2 of small corpora built from Tatoeba: for
a source sentence with several translations, one translation (or a damaged copy of it) is the
hypothesis and the others are the references. NLTK's corpus_bleu on the 13a / zh tokens is stored
beside sacreBLEU's as a second, independent implementation. The two agree when every hypothesis
has at least 4 tokens; on a shorter one NLTK counts 1 (not 0) 4-grams (its max(1, ·) denominator),
so the corpora flagged "nltk_comparable" hold only hypotheses of 4 tokens or more.
"""
import json
import os
import random

import sacrebleu
from nltk.translate.bleu_score import corpus_bleu
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
from sacrebleu.tokenizers.tokenizer_zh import TokenizerZh

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "bleu", "fixtures.json")
DATA = os.path.join(HERE, "..", "..", "..", "..", "..", "shared", "data", "tatoeba-cmn-eng", "cmn.txt")

TRICKY = [
    "Hello, world!", "It's 3.5 km; that's 1,000 m.", "U.S.A. and e.g. etc.", "pages 10-12 and 3-", "&quot;quoted&quot; &amp; &lt;b&gt;",
    "He said \"no\" (twice) [really] {ok} <tag> a/b a|b a~b a^b a_b a`b @home #1 $5 50% a*b a+b a=b",
    "  spaces\u00a0and\u3000ideographic\u2009thin  ", "line-\nbreak", "<skipped> text",
    "他说：“你好！”……好的——OK，3.5元。", "Ｆｕｌｌ ｗｉｄｔｈ １２３", "emoji 😀 and 𠀀 ext-B", "﹏﹏ ☀ ✈ ㈱ ㌔",
    "I'm... wait... 'quoted' “curly” — dash – en-dash", "1.5.2 v2.0, 3,4,5", "", "   ",
]


def main():
    rows = [line.split("\t") for line in open(DATA, encoding="utf-8").read().splitlines() if line.strip()]
    t13a, tzh = Tokenizer13a(), TokenizerZh()
    strings = TRICKY + [r[0] for r in rows[::97]] + [r[1] for r in rows[::97]]
    tokenizers = [{"text": s, "13a": t13a(s), "zh": tzh(s)} for s in strings]

    by_en, by_zh = {}, {}
    for r in rows:
        by_en.setdefault(r[0], []).append(r[1])
        by_zh.setdefault(r[1], []).append(r[0])
    rng = random.Random(7)
    corpora = []
    for name, groups, tok, long_only in [("zh", by_en, "zh", False), ("en", by_zh, "13a", False),
                                         ("zh", by_en, "zh", True), ("en", by_zh, "13a", True)]:
        tk = t13a if tok == "13a" else tzh
        multi = [v for v in groups.values() if len(v) >= 3 and (not long_only or len(tk(v[0]).split()) >= 6)]
        rng.shuffle(multi)
        for size, damage in [(40, 0.0), (40, 0.3), (200, 0.5)]:
            hyps, refs = [], []
            for v in multi[:size]:
                hyp = v[0]
                if damage and rng.random() < damage:
                    units = list(hyp) if tok == "zh" else hyp.split()
                    kept = [u for u in units if rng.random() > 0.3]
                    units = kept if len(kept) >= (6 if long_only else 1) else units
                    hyp = ("" if tok == "zh" else " ").join(units)
                hyps.append(hyp)
                refs.append(v[1:])
            multi = multi[size:]
            width = max(len(r) for r in refs)
            streams = [[r[k] if k < len(r) else None for r in refs] for k in range(width)]
            nltk = corpus_bleu([[tk(x).split() for x in r] for r in refs], [tk(h).split() for h in hyps])
            corpora.append({
                "name": f"tatoeba-{name}-{size}-{damage}{'-long' if long_only else ''}", "tokenize": tok,
                "nltk_comparable": all(len(tk(h).split()) >= 4 for h in hyps), "hypotheses": hyps, "references": refs,
                "bleu": sacrebleu.corpus_bleu(hyps, streams, tokenize=tok, smooth_method="none").score,
                "bleu_exp": sacrebleu.corpus_bleu(hyps, streams, tokenize=tok, smooth_method="exp").score,
                "chrf": sacrebleu.corpus_chrf(hyps, streams).score,
                "nltk_bleu": nltk,
            })
    # short hypotheses: no 4-gram at all, so smoothing decides
    short_h = ["the cat sat upon the mat", "a dog", "I see."]
    short_r = [["the cat sat on the mat", "a cat sat on it"], ["the dog", "a big dog"], ["I see you."]]
    streams = [[r[k] if k < len(r) else None for r in short_r] for k in range(2)]
    corpora.append({"name": "short", "tokenize": "13a", "nltk_comparable": False, "hypotheses": short_h,
                    "references": short_r,
                    "bleu": sacrebleu.corpus_bleu(short_h, streams, tokenize="13a", smooth_method="none").score,
                    "bleu_exp": sacrebleu.corpus_bleu(short_h, streams, tokenize="13a", smooth_method="exp").score,
                    "chrf": sacrebleu.corpus_chrf(short_h, streams).score, "nltk_bleu": None})
    fx = {"sacrebleu_version": sacrebleu.__version__, "tokenizers": tokenizers, "corpora": corpora}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fx, f, ensure_ascii=False, indent=0)
    print(f"wrote {len(tokenizers)} tokenisations and {len(corpora)} corpora")


if __name__ == "__main__":
    main()
