#!/usr/bin/env python3
"""gensim peer for bench/vectors.ts: load word2vec text and binary files and time
most_similar top-10, printing one JSON object.

    /usr/bin/python3 bench/peers/gensim_vectors.py DIR QUERIES TEXT_ROUNDS BINARY_ROUNDS [QUERY_ROUNDS]

DIR holds vectors.txt and vectors.bin (written by bench/vectors.ts); QUERIES is a
comma-separated list of keys; the rounds are the numbers of timed loads per format
(0 text rounds: vectors.txt is not read; the binary file is loaded at least once);
each query is timed QUERY_ROUNDS times (default 1).
"""
import json
import statistics
import sys
import time

from gensim.models import KeyedVectors

directory, queries = sys.argv[1], sys.argv[2].split(",")
rounds_of = {"text": int(sys.argv[3]), "binary": int(sys.argv[4])}
out = {"gensim": __import__("gensim").__version__, "numpy": __import__("numpy").__version__}
kv = None
rounds_of["binary"] = max(1, rounds_of["binary"])
for name, binary in [("text", False), ("binary", True)]:
    times, cpu = [], []
    for _ in range(rounds_of[name]):
        t0, c0 = time.perf_counter(), time.process_time()
        kv = KeyedVectors.load_word2vec_format(f"{directory}/vectors.{'bin' if binary else 'txt'}", binary=binary)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    if times:
        out[f"load_{name}_ms"] = statistics.median(times)
        out[f"load_{name}_cpu_ms"] = statistics.median(cpu)
t0 = time.perf_counter()
kv.most_similar(positive=[queries[0]], topn=10)  # fills the norms, as the first query does
out["first_query_ms"] = (time.perf_counter() - t0) * 1000
times, results = [], {}
for _ in range(int(sys.argv[5]) if len(sys.argv) > 5 else 1):
    for q in queries:
        t0 = time.perf_counter()
        res = kv.most_similar(positive=[q], topn=10)
        times.append((time.perf_counter() - t0) * 1000)
        results[q] = [k for k, _ in res]
out["most_similar_ms"] = statistics.median(times)
out["most_similar_max_ms"] = max(times)
out["results"] = results
print(json.dumps(out))
