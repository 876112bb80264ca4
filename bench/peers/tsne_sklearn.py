"""sklearn 1.2 TSNE peer for bench/tsne.ts: reads {"x": [[...]], "nNeighbors": 10} as
JSON on stdin, runs TSNE with its defaults (init="pca", learning_rate="auto",
barnes_hut, random_state=0) once, and prints one JSON line: the version,
wall and CPU seconds of fit_transform, trustworthiness and KL divergence."""

import json
import sys
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE, trustworthiness

job = json.load(sys.stdin)
x = np.asarray(job["x"], dtype=np.float32)
start, cpu = time.perf_counter(), time.process_time()
model = TSNE(n_components=2, init="pca", learning_rate="auto", random_state=0)
y = model.fit_transform(x)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({
    "peer": "sklearn",
    "version": sklearn.__version__,
    "seconds": seconds,
    "cpuSeconds": cpu,
    "trustworthiness": float(trustworthiness(x, y, n_neighbors=job["nNeighbors"])),
    "klDivergence": float(model.kl_divergence_),
}))
