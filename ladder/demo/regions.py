"""Grouping a state's libraries into regions: k-means on their coordinates, deterministic for
a given random generator (k-means++ seeding, a fixed number of rounds)."""

from __future__ import annotations

import math
import random

Point = tuple[float, float]  # (latitude, longitude)


def region_count(libraries: int) -> int:
    """A handful: 7 for Ohio's 251 systems, 2 or 3 for a small state, never more than 8."""
    return max(1, min(8, libraries, round(math.sqrt(libraries / 5))))


def kmeans(points: list[Point], k: int, rng: random.Random, rounds: int = 60) -> list[int]:
    """The cluster index of each point."""
    if not points:
        return []
    k = max(1, min(k, len(set(points))))
    # Longitude degrees shrink with latitude; scale them so distances are roughly in km.
    mean_lat = sum(lat for lat, _ in points) / len(points)
    scale = math.cos(math.radians(mean_lat))
    flat = [(lat, lon * scale) for lat, lon in points]

    def distance(a: Point, b: Point) -> float:
        return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2

    centres = [flat[rng.randrange(len(flat))]]
    while len(centres) < k:
        nearest = [min(distance(p, c) for c in centres) for p in flat]
        target = rng.random() * sum(nearest)
        cumulative = 0.0
        for point, weight in zip(flat, nearest, strict=True):
            cumulative += weight
            if cumulative >= target and weight > 0:
                centres.append(point)
                break
        else:
            break
    labels = [0] * len(flat)
    for round_number in range(rounds):
        new = [min(range(len(centres)), key=lambda c: distance(p, centres[c])) for p in flat]
        if new == labels and round_number > 0:
            break
        labels = new
        for c in range(len(centres)):
            members = [p for p, label in zip(flat, labels, strict=True) if label == c]
            if members:
                centres[c] = (
                    sum(p[0] for p in members) / len(members),
                    sum(p[1] for p in members) / len(members),
                )
    # Number the clusters in a stable order (north to south) so region names do not depend on
    # which point seeded which cluster.
    order = sorted(range(len(centres)), key=lambda c: (-centres[c][0], centres[c][1]))
    renumber = {old: new for new, old in enumerate(order)}
    return [renumber[label] for label in labels]
