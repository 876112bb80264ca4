#!/usr/bin/env python3
"""gensim peer for bench/most_similar_ab.ts: loads a word2vec binary file, runs one
untimed query, then for each line read on stdin times most_similar top-10 for every
query and prints the median in ms.

    /usr/bin/python3 bench/peers/gensim_most_similar.py FILE QUERIES
"""
import json
import statistics
import sys
import time

from gensim.models import KeyedVectors

kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
queries = sys.argv[2].split(",")
kv.most_similar(positive=[queries[0]], topn=10)  # fills the norms
print("ready", flush=True)
for _ in sys.stdin:
    times = []
    for q in queries:
        t0 = time.perf_counter()
        kv.most_similar(positive=[q], topn=10)
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps(statistics.median(times)), flush=True)
