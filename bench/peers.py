"""The contenders of bench/engine_bench.py other than nndash itself: the same networks, the same
batches and the same optimizers (Adam with eps 1e-7) in PyTorch on the CPU and in JAX with
``jax.jit``, and the GEMM floor (only the matrix products of a training step, in NumPy).

Each ``build_*`` returns ``step(indices)``: one training step on the samples ``indices`` of the
training set (``step(None)`` waits for work still queued), or raises ImportError when its
library is missing. Every contender runs in its own
process (engine_bench.py starts one per contender), so a library's global flags, such as
torch.set_flush_denormal, cannot leak into another contender's figures.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from itertools import pairwise

import numpy as np

Step = Callable[[np.ndarray | None], None]


def _widths(case) -> tuple[int, ...]:
    return (784, *case.hidden, 10)


def build_gemm_floor(case, data, threads: int) -> Step:
    """Only the matrix products of one step: forward x @ W, backward x.T @ dout for every layer
    and dout @ W.T for every layer but the first (nobody needs the gradient of the data)."""
    rng = np.random.default_rng(0)
    widths, batch = _widths(case), case.batch
    inputs = [rng.random((batch, w), dtype=np.float32) for w in widths[:-1]]
    weights = [rng.random((a, b), dtype=np.float32) for a, b in pairwise(widths)]
    outs = [np.empty((batch, b), np.float32) for b in widths[1:]]
    dweights = [np.empty_like(w) for w in weights]
    dxs = [np.empty((batch, a), np.float32) for a in widths[:-1]]

    def step(indices: np.ndarray | None) -> None:
        if indices is None:
            return
        for x, w, out in zip(inputs, weights, outs, strict=True):
            np.matmul(x, w, out=out)
        for layer in range(len(weights) - 1, -1, -1):
            np.matmul(inputs[layer].T, outs[layer], out=dweights[layer])
            if layer > 0:
                np.matmul(outs[layer], weights[layer].T, out=dxs[layer])

    return step


def build_torch(case, data, threads: int) -> Step:
    """The network in PyTorch (CPU), trained with torch.optim as a PyTorch user would."""
    import torch

    torch.set_num_threads(threads)
    # Adam's moments of dead ReLU units decay into subnormal floats; nndash zeroes them, so
    # spare torch that slowdown too (a harder baseline; this process runs nothing else).
    torch.set_flush_denormal(True)
    torch.manual_seed(0)
    act = {"relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh}
    layers: list = []
    widths = _widths(case)
    for a, b in pairwise(widths[:-1]):
        layers.append(torch.nn.Linear(a, b))
        if case.batchnorm:
            layers.append(torch.nn.BatchNorm1d(b, momentum=0.1, eps=1e-6))
        layers.append(act[case.activation]())
        if case.dropout:
            layers.append(torch.nn.Dropout(case.dropout))
    model = torch.nn.Sequential(*layers, torch.nn.Linear(widths[-2], 10)).train()
    if case.optimizer == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=case.lr)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=case.lr, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.from_numpy(data.x_train.copy())  # torch wants writable arrays
    t = torch.from_numpy(data.t_train.copy())
    losses = []

    def step(indices: np.ndarray | None) -> None:
        if indices is None:
            return
        batch = torch.from_numpy(indices)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[batch]), t[batch])
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())  # kept like nndash keeps each loss, without a sync

    return step


def jax_flags(threads: int) -> str:
    """XLA_FLAGS that limit XLA's CPU backend to ``threads`` threads (set before importing)."""
    if threads == 1:
        return "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    return f"intra_op_parallelism_threads={threads}"


def build_jax(case, data, threads: int) -> Step:
    """The network in JAX: the whole step (gather, forward, grad, update) under one jax.jit,
    with the book's Adam written out (XLA fuses its elementwise passes into one loop)."""
    os.environ["XLA_FLAGS"] = jax_flags(threads)
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_platforms", "cpu")
    rng = np.random.default_rng(0)
    widths = _widths(case)
    params = {}
    for i, (a, b) in enumerate(pairwise(widths), start=1):
        scale = np.sqrt((2.0 if case.weight_init == "he" else 1.0) / a)
        params[f"W{i}"] = jnp.asarray(rng.standard_normal((a, b), dtype=np.float32) * scale)
        params[f"b{i}"] = jnp.zeros(b, jnp.float32)
        if case.batchnorm and i < len(widths) - 1:
            params[f"gamma{i}"] = jnp.ones(b, jnp.float32)
            params[f"beta{i}"] = jnp.zeros(b, jnp.float32)
    running = {f"{kind}{i}": jnp.full(b, fill, jnp.float32)
               for i, b in enumerate(widths[1:-1], start=1) if case.batchnorm
               for kind, fill in (("mean", 0.0), ("var", 1.0))}
    activation = {"relu": jax.nn.relu, "sigmoid": jax.nn.sigmoid, "tanh": jnp.tanh}[
        case.activation]
    n_layers = len(widths) - 1

    def loss_fn(params, running, x, t, key):
        new_running = {}
        for i in range(1, n_layers):
            x = x @ params[f"W{i}"] + params[f"b{i}"]
            if case.batchnorm:
                mean, var = x.mean(axis=0), x.var(axis=0)
                x = (x - mean) / jnp.sqrt(var + 1e-6) * params[f"gamma{i}"] + params[f"beta{i}"]
                new_running[f"mean{i}"] = 0.9 * running[f"mean{i}"] + 0.1 * mean
                new_running[f"var{i}"] = 0.9 * running[f"var{i}"] + 0.1 * var
            x = activation(x)
            if case.dropout:
                key, sub = jax.random.split(key)
                keep = jax.random.uniform(sub, x.shape) >= case.dropout
                x = jnp.where(keep, x / (1 - case.dropout), 0.0)
        scores = x @ params[f"W{n_layers}"] + params[f"b{n_layers}"]
        log_y = jax.nn.log_softmax(scores)
        loss = -jnp.mean(jnp.take_along_axis(log_y, t[:, None], axis=1))
        return loss, new_running

    x_all = jnp.asarray(data.x_train)
    t_all = jnp.asarray(data.t_train.astype(np.int32))
    beta1, beta2, eps = 0.9, 0.999, 1e-7

    @jax.jit
    def train_step(params, running, m, v, it, key, indices):
        key, sub = jax.random.split(key)
        (loss, new_running), grads = jax.value_and_grad(loss_fn, has_aux=True)(
            params, running, x_all[indices], t_all[indices], sub)
        if case.optimizer == "sgd":
            params = jax.tree.map(lambda p, g: p - case.lr * g, params, grads)
            return params, new_running, m, v, it, key, loss
        it = it + 1
        lr_t = case.lr * jnp.sqrt(1 - beta2**it) / (1 - beta1**it)
        m = jax.tree.map(lambda m, g: m + (1 - beta1) * (g - m), m, grads)
        v = jax.tree.map(lambda v, g: v + (1 - beta2) * (g * g - v), v, grads)
        params = jax.tree.map(lambda p, m, v: p - lr_t * m / (jnp.sqrt(v) + eps), params, m, v)
        return params, new_running, m, v, it, key, loss

    zeros = jax.tree.map(jnp.zeros_like, params)
    state = [params, running, zeros, jax.tree.map(jnp.zeros_like, params),
             jnp.float32(0), jax.random.PRNGKey(0)]
    losses = []

    def step(indices: np.ndarray | None) -> None:
        if indices is None:  # the end of a timed segment: wait for the queued steps
            jax.block_until_ready(state[0])
            return
        *state[:], loss = train_step(*state, jnp.asarray(indices, dtype=jnp.int32))
        losses.append(loss)  # kept on the device: JAX's asynchronous dispatch is not undone

    return step


CONTENDERS: dict[str, Callable] = {
    "floor": build_gemm_floor,
    "torch": build_torch,
    "jax": build_jax,
}
