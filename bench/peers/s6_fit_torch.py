"""PyTorch 1.13's equivalent of the S6 fit: Embedding(50, 8) -> Flatten ->
Linear(32, 1) -> sigmoid, BCELoss, Adam(lr 1e-3, eps 1e-7), the ten padded
reviews as one batch, 50 epochs. Prints the median milliseconds of `reps`
fresh trainings (2 threads), as JSON."""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(2)
x = torch.tensor([[15, 31, 0, 0], [17, 40, 0, 0], [40, 49, 0, 0], [27, 40, 0, 0], [6, 0, 0, 0],
                  [1, 0, 0, 0], [42, 49, 0, 0], [36, 17, 0, 0], [42, 40, 0, 0], [9, 45, 31, 20]])
y = torch.tensor([1., 1, 1, 1, 1, 0, 0, 0, 0, 0])[:, None]
reps = int(sys.argv[1]) if len(sys.argv) > 1 else 7
times = []
for r in range(reps):
    torch.manual_seed(r)
    model = torch.nn.Sequential(torch.nn.Embedding(50, 8), torch.nn.Flatten(), torch.nn.Linear(32, 1),
                                torch.nn.Sigmoid())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = torch.nn.BCELoss()
    t0 = time.perf_counter()
    for epoch in range(50):
        perm = torch.randperm(10)
        opt.zero_grad()
        pred = model(x[perm])
        loss = loss_fn(pred, y[perm])
        loss.backward()
        opt.step()
        loss.item()
        (pred > 0.5).float().eq(y[perm]).float().mean().item()
    times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"median_ms": statistics.median(times), "times": times}))
