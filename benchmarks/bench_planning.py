"""Benchmark the planning optimiser against spopt's MCLP, and on a provincial instance.

Part 1 (peer): maximal covering instances with uniform costs (p = budget / unit cost),
solved in one process by spopt's ``MCLP`` (PuLP + CBC, the peer the design names) and by
``cctvgeo.planning.BudgetedCoverage``: the greedy pipeline, the exact method stopped at a
certified gap of 0.1 % (``mip_rel_gap=1e-3``), and the exact method to a proven optimum. Demand points and
candidate sites are uniform in a square; a site covers the points within the radius.
Times include building each model from the same distance data; objectives are the
covered weight.

Part 2 (scale): a provincial instance of 20,000 candidates (2,500 sites x 8 headings, each a
90-degree sector of 150 m) x 500,000 demand elements (80 % road pieces with partial shares, 20 %
points), with groups (one variant per site and heading, two cameras per site) and
costs of 40,000-120,000 baht, planned with the greedy. Peak memory is the process's
maximum resident set size.

Usage::

    .venv/bin/python benchmarks/bench_planning.py            # everything (several minutes)
    .venv/bin/python benchmarks/bench_planning.py --quick    # small instances only
    .venv/bin/python benchmarks/bench_planning.py --loop 300 # CPU time of the small proofs
"""

from __future__ import annotations

import argparse
import resource
import time
import warnings

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from cctvgeo.planning import BudgetedCoverage


def mclp_instance(n_sites: int, n_points: int, *, side: float, radius: float, seed: int):
    rng = np.random.default_rng(seed)
    sites = rng.random((n_sites, 2)) * side
    points = rng.random((n_points, 2)) * side
    weights = rng.integers(1, 100, n_points).astype(np.float64)
    return sites, points, weights, radius


def cctvgeo_matrix(sites, points, radius):
    """Sparse sites x points coverage from a k-d tree (what from_cost_matrix gets densely)."""
    tree = cKDTree(points)
    lists = tree.query_ball_point(sites, radius)
    rows = np.repeat(np.arange(len(sites)), [len(x) for x in lists])
    cols = np.concatenate([np.asarray(x, dtype=np.intp) for x in lists])
    return sparse.csr_array((np.ones(cols.size), (rows, cols)), shape=(len(sites), len(points)))


def _times(run, repeat):
    """Wall and CPU times (s) of ``repeat`` calls of ``run()``, and the last call's result.

    CPU time is this process's: on a shared machine wall time also counts the waiting for a
    core.
    """
    wall, cpu = np.zeros(repeat), np.zeros(repeat)
    result = None
    for k in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = run()
        wall[k], cpu[k] = time.perf_counter() - t, time.process_time() - c
    return wall, cpu, result


def _median_time(run, repeat, cpu=None):
    """The median wall time of ``repeat`` calls of ``run()``, and the last call's result.

    With a list ``cpu``, the median CPU time over the same calls is appended to it.
    """
    wall, cpu_times, result = _times(run, repeat)
    if cpu is not None:
        cpu.append(float(np.median(cpu_times)))
    return float(np.median(wall)), result


def run_peer(n_sites, n_points, p, *, seed, time_limit, skip_spopt, repeat=1):
    """cctvgeo's three methods and spopt's MCLP on one instance, each the median of ``repeat``.

    Every cctvgeo time includes building its coverage matrix from the points, as spopt's
    includes building its model from the distance matrix.
    """
    sites, points, weights, radius = mclp_instance(
        n_sites, n_points, side=10_000.0, radius=600.0, seed=seed
    )
    out = {"instance": f"{n_sites:,} x {n_points:,}, p = {p}"}

    cpu: list[float] = []

    def solved(method, **options):
        def run():
            matrix = cctvgeo_matrix(sites, points, radius)
            problem = BudgetedCoverage.from_matrix(matrix, weights, np.ones(n_sites), p)
            return matrix, problem.solve(method, **options)

        return _median_time(run, repeat, cpu)

    out["greedy_s"], (matrix, greedy) = solved("greedy")
    out["nnz"] = matrix.nnz
    out["greedy_obj"] = greedy.objective
    out["greedy_gap"] = greedy.gap
    out["close_s"], (_, close) = solved("exact", time_limit=time_limit, mip_rel_gap=1e-3)
    out["close_obj"] = close.objective
    out["close_gap"] = close.gap
    out["exact_s"], (_, exact) = solved("exact", time_limit=time_limit)
    out["exact_obj"] = exact.objective
    out["exact_gap"] = exact.gap
    out["exact_proved"] = "proved optimal" in exact.status
    out["exact_cpu_s"] = cpu[-1]
    if skip_spopt:
        return out
    import pulp
    from scipy.spatial.distance import cdist

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from spopt.locate import MCLP

        def peer():
            t = time.perf_counter()
            cost = cdist(points, sites)  # clients x facilities, as spopt expects
            model = MCLP.from_cost_matrix(cost, weights, radius, p)
            t_build = time.perf_counter() - t
            model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit))
            return t_build, model

        out["spopt_s"], (out["spopt_build_s"], model) = _median_time(peer, repeat)
        out["spopt_obj"] = float(pulp.value(model.problem.objective))
        out["spopt_status"] = pulp.LpStatus[model.problem.status]
    return out


def loop_exact(n_sites, n_points, p, *, seed, repeat):
    """CPU and wall times (ms) of the proven optimum's measured work, ``repeat`` times.

    The work is what ``run_peer`` times for its "exact" column (the matrix, ``from_matrix``
    and ``solve("exact")``), repeated in one process after five warm-up calls, so that a
    few milliseconds can be compared between versions on a shared machine: CPU time
    leaves out the waiting for a core that wall time includes.
    """
    sites, points, weights, radius = mclp_instance(
        n_sites, n_points, side=10_000.0, radius=600.0, seed=seed
    )

    def work():
        matrix = cctvgeo_matrix(sites, points, radius)
        problem = BudgetedCoverage.from_matrix(matrix, weights, np.ones(n_sites), p)
        return problem.solve("exact")

    _times(work, 5)
    wall, cpu, solved = _times(work, repeat)
    cpu_ms, wall_ms = cpu * 1e3, wall * 1e3
    return {
        "instance": f"{n_sites:,} x {n_points:,}, p = {p}",
        "cpu_min": cpu_ms.min(),
        "cpu_median": float(np.median(cpu_ms)),
        "wall_min": wall_ms.min(),
        "wall_median": float(np.median(wall_ms)),
        "proved": "proved optimal" in solved.status,
    }


def provincial(n_sites=2_500, headings=8, n_elements=500_000, *, side=10_000.0, seed=7):
    """Sites x headings sectors over road pieces (partial shares) and points."""
    rng = np.random.default_rng(seed)
    radius = 150.0
    sites = rng.random((n_sites, 2)) * side
    elems = rng.random((n_elements, 2)) * side
    is_point = rng.random(n_elements) < 0.2
    weights = np.where(is_point, rng.choice([100.0, 200.0, 300.0], n_elements), 20.0)
    tree = cKDTree(elems)
    lists = tree.query_ball_point(sites, radius)
    s_idx = np.repeat(np.arange(n_sites), [len(x) for x in lists])
    e_idx = np.concatenate([np.asarray(x, dtype=np.intp) for x in lists])
    d = elems[e_idx] - sites[s_idx]
    bearing = np.degrees(np.arctan2(d[:, 0], d[:, 1])) % 360.0
    dist = np.hypot(d[:, 0], d[:, 1])
    step = 360.0 / headings
    rows, cols, vals = [], [], []
    for h in range(headings):
        off = np.abs((bearing - h * step + 180.0) % 360.0 - 180.0)
        inside = off <= 45.0
        share = np.where(is_point[e_idx], 1.0, np.clip((radius - dist) / 50.0, 0.05, 1.0))
        rows.append(s_idx[inside] * headings + h)
        cols.append(e_idx[inside])
        vals.append(share[inside])
    matrix = sparse.csr_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_sites * headings, n_elements),
    )
    site_of = np.repeat(np.arange(n_sites), headings)
    group = np.arange(n_sites * headings)  # one variant per site and heading
    costs = rng.choice([40_000.0, 60_000.0, 85_000.0, 120_000.0], n_sites * headings)
    return matrix, weights, costs, [group, site_of], is_point


def run_provincial(budget):
    t = time.perf_counter()
    matrix, weights, costs, groups, is_point = provincial()
    t_build = time.perf_counter() - t
    kreq = np.where(is_point & (weights >= 300.0), 2, 1)
    t = time.perf_counter()
    bc = BudgetedCoverage.from_matrix(
        matrix,
        weights,
        costs,
        budget,
        groups=groups,
        max_per_group=[1, 2],
        k_required=kreq,
    )
    t_setup = time.perf_counter() - t
    t = time.perf_counter()
    bc.solve("greedy")
    t_solve = time.perf_counter() - t
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    return {
        "candidates": matrix.shape[0],
        "elements": matrix.shape[1],
        "nnz": matrix.nnz,
        "instance_s": t_build,
        "setup_s": t_setup,
        "greedy_s": t_solve,
        "selected": len(bc.selected),
        "cost": bc.cost,
        "objective": bc.objective,
        "bound": bc.upper_bound,
        "peak_gb": peak_gb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small instances only")
    parser.add_argument("--no-spopt", action="store_true", help="skip the peer")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds per MILP")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time every method, spopt included, this many times and report the medians",
    )
    parser.add_argument(
        "--loop",
        type=int,
        default=0,
        help="instead: repeat the small instances' proven optimum this many times in one "
        "process and report its CPU and wall times (min and median, ms)",
    )
    args = parser.parse_args()
    sizes = [(200, 2_000, 10), (500, 5_000, 20)]
    if args.loop:
        print("| instance | CPU ms min | CPU ms median | wall ms min | wall ms median | proved |")
        print("|---|---|---|---|---|---|")
        for k, (n, m, p) in enumerate(sizes):
            r = loop_exact(n, m, p, seed=k, repeat=args.loop)
            print(
                f"| {r['instance']} | {r['cpu_min']:.2f} | {r['cpu_median']:.2f} | "
                f"{r['wall_min']:.2f} | {r['wall_median']:.2f} | {r['proved']} |",
                flush=True,
            )
        return
    if not args.quick:
        sizes.append((2_000, 20_000, 50))
    print("## Peer: spopt MCLP (PuLP/CBC) vs cctvgeo, uniform costs\n")
    print(
        "| instance | nnz | spopt s (build) | spopt obj | cctvgeo greedy s | greedy obj "
        "(certified gap) | exact, gap <= 0.1 % s | its obj (certified gap) | exact s "
        "| exact obj (gap) | exact CPU s | spopt/greedy | spopt/(gap <= 0.1 %) | spopt/exact |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for k, (n, m, p) in enumerate(sizes):
        r = run_peer(
            n,
            m,
            p,
            seed=k,
            time_limit=args.time_limit,
            skip_spopt=args.no_spopt,
            repeat=args.repeat,
        )
        spopt = (
            f"{r['spopt_s']:.2f} ({r['spopt_build_s']:.2f}) | {r['spopt_obj']:,.0f} {r['spopt_status']}"
            if "spopt_s" in r
            else "- | -"
        )
        ratios = " | ".join(
            f"{r['spopt_s'] / r[key]:.1f}x" if "spopt_s" in r else "-"
            for key in ("greedy_s", "close_s", "exact_s")
        )
        proved = "proved optimal" if r["exact_proved"] else f"gap {r['exact_gap']:.1e}"
        print(
            f"| {r['instance']} | {r['nnz']:,} | {spopt} | {r['greedy_s']:.3f} | "
            f"{r['greedy_obj']:,.0f} ({r['greedy_gap']:.2%}) | {r['close_s']:.3f} | "
            f"{r['close_obj']:,.0f} ({r['close_gap']:.3%}) | {r['exact_s']:.3f} | "
            f"{r['exact_obj']:,.0f} ({proved}) | {r['exact_cpu_s']:.3f} | {ratios} |",
            flush=True,
        )
    if args.quick:
        return
    print("\n## Provincial instance, greedy\n")
    r = run_provincial(budget=50_000_000.0)
    print(
        "| candidates | elements | nnz | build s | setup s | greedy s | chosen | cost | objective "
        "| certified bound (gap) | peak RSS GB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {r['candidates']:,} | {r['elements']:,} | {r['nnz']:,} | {r['instance_s']:.1f} | "
        f"{r['setup_s']:.1f} | {r['greedy_s']:.1f} | {r['selected']:,} | {r['cost']:,.0f} | "
        f"{r['objective']:,.0f} | {r['bound']:,.0f} ({r['bound'] / r['objective'] - 1:.2%}) | "
        f"{r['peak_gb']:.2f} |"
    )


if __name__ == "__main__":
    main()
