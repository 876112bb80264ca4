"""gensim 4 Word2Vec on the Brown corpus, as bench/w2v.ts trains Tessera's.

Usage: /usr/bin/python3 bench/peers/w2v_gensim.py CORPUS_DIR WORKERS SG PROBES
Prints one JSON line: {"seconds": wall time of training, "vocab": n, "neighbours": {probe: [[word, sim], ...]}}.
Tokens are lowercased words with their /tag removed, one sentence per line (as examples/_brown.ts reads them).
"""
import json
import os
import re
import sys
import time

from gensim.models import Word2Vec

corpus_dir, workers, sg, probes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
sentences = []
for name in sorted(f for f in os.listdir(corpus_dir) if re.fullmatch(r"c[a-r]\d\d", f)):
    with open(os.path.join(corpus_dir, name), encoding="utf8") as fh:
        for line in fh:
            toks = [t[: t.rfind("/")].lower() for t in line.split()]
            if toks:
                sentences.append(toks)

start = time.perf_counter()
model = Word2Vec(sentences, vector_size=100, window=5, min_count=5, sample=1e-3, negative=5,
                 sg=sg, epochs=5, workers=workers, seed=1)
seconds = time.perf_counter() - start
neighbours = {p: [[w, float(s)] for w, s in model.wv.most_similar(p, topn=8)] for p in probes if p in model.wv}
print(json.dumps({"seconds": seconds, "vocab": len(model.wv), "neighbours": neighbours}))
