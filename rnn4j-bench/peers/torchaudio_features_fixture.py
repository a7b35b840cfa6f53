#!/usr/bin/env python3
"""Writes the speech-feature parity fixture: torchaudio 0.13's resampling, mel spectrogram,
MFCC and deltas on synthetic clips that the Java test rebuilds from the same formula.

    /usr/bin/python3 rnn4j-bench/peers/torchaudio_features_fixture.py \
        rnn4j-core/src/test/resources/io/rnn4j/speech/features-cases.json

Needs Debian's python3-torch and python3-torchaudio; CI only reads the JSON it writes.
"""
import json
import math
import sys

import torch
import torchaudio
import torchaudio.functional as F
import torchaudio.transforms as T


def clip(rate, seconds):
    """Two tones, a rising chirp and a fast quadratic-phase buzz: energy across the band."""
    n = int(round(rate * seconds))
    out = []
    for i in range(n):
        t = i / rate
        x = 0.5 * math.sin(2 * math.pi * 440 * t)
        x += 0.25 * math.sin(2 * math.pi * (300 + 1500 * t / seconds) * t)
        x += 0.1 * math.sin(0.37 * i * i / 97.0)
        out.append(x)
    return out


def features(samples, rate, cfg):
    wave = torch.tensor(samples, dtype=torch.float64)[None]
    if rate != cfg["sample_rate"]:
        wave = F.resample(wave, rate, cfg["sample_rate"])
    melkwargs = dict(n_fft=cfg["fft"], win_length=cfg["window"], hop_length=cfg["hop"], n_mels=cfg["mels"],
                     power=2.0, center=True, pad_mode="reflect", norm=None, mel_scale="htk")
    if cfg["kind"] == "mfcc":
        x = T.MFCC(sample_rate=cfg["sample_rate"], n_mfcc=cfg["mfccs"], dct_type=2, norm="ortho", log_mels=False,
                   melkwargs=melkwargs).double()(wave)[0]
    else:
        x = torch.log(T.MelSpectrogram(sample_rate=cfg["sample_rate"], **melkwargs).double()(wave)[0] + 1e-6)
    parts = [x]
    if cfg["deltas"] >= 1:
        parts.append(F.compute_deltas(x[None], win_length=5, mode="replicate")[0])
    if cfg["deltas"] == 2:
        parts.append(F.compute_deltas(parts[1][None], win_length=5, mode="replicate")[0])
    x = torch.cat(parts, dim=0).T  # frames x width
    if cfg["normalize"]:
        std = x.std(dim=0, unbiased=False)
        x = (x - x.mean(dim=0)) / torch.where(std > 1e-8, std, torch.ones_like(std))
    return x


def main(out):
    cases = {"torch": torch.__version__, "torchaudio": torchaudio.__version__, "resample": [], "features": []}
    for rate, new, seconds in [(8000, 16000, 0.05), (22050, 16000, 0.05), (16000, 8000, 0.05), (44100, 16000, 0.02)]:
        x = clip(rate, seconds)
        y = F.resample(torch.tensor(x, dtype=torch.float64)[None], rate, new)[0]
        cases["resample"].append({"rate": rate, "new_rate": new, "seconds": seconds, "output": [round(v, 12) for v in y.tolist()]})
    configs = [
        (16000, 0.3, dict(kind="logmel", sample_rate=16000, window=400, hop=160, fft=512, mels=40, mfccs=0, deltas=0, normalize=False)),
        (8000, 0.3, dict(kind="mfcc", sample_rate=8000, window=200, hop=80, fft=256, mels=40, mfccs=13, deltas=2, normalize=False)),
        (8000, 0.3, dict(kind="mfcc", sample_rate=8000, window=200, hop=80, fft=256, mels=40, mfccs=13, deltas=2, normalize=True)),
        (8000, 0.2, dict(kind="logmel", sample_rate=16000, window=400, hop=160, fft=400, mels=64, mfccs=0, deltas=1, normalize=True)),
        (22050, 0.2, dict(kind="logmel", sample_rate=16000, window=400, hop=160, fft=512, mels=80, mfccs=0, deltas=0, normalize=True)),
    ]
    for rate, seconds, cfg in configs:
        x = features(clip(rate, seconds), rate, cfg)
        cases["features"].append({"rate": rate, "seconds": seconds, "config": cfg, "frames": x.shape[0],
                                  "width": x.shape[1], "output": [round(v, 9) for v in x.flatten().tolist()]})
    with open(out, "w") as f:
        json.dump(cases, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
