/**
 * The first `k` items of a list in a given order, without sorting the whole list: a bounded heap of the k best so
 * far, O(n log k). The answer equals `[...items].sort(cmp).slice(0, k)` (a stable sort: ties keep input order), so a
 * report that lists its top `limit` of 200,000 customers pays for the `limit`, not for a full sort.
 */
export function firstInOrder<T>(items: readonly T[], k: number, cmp: (a: T, b: T) => number): T[] {
  const n = items.length;
  if (k <= 0) return [];
  if (k >= n) return [...items].sort(cmp);
  // heap of indexes, worst (last in order) at the root; ties broken by input position, as a stable sort does
  const worse = (i: number, j: number) => {
    const c = cmp(items[i], items[j]);
    return c > 0 || (c === 0 && i > j);
  };
  const heap: number[] = [];
  const down = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      if (l >= heap.length) return;
      const r = l + 1;
      const w = r < heap.length && worse(heap[r], heap[l]) ? r : l;
      if (!worse(heap[w], heap[at])) return;
      [heap[w], heap[at]] = [heap[at], heap[w]];
      at = w;
    }
  };
  for (let i = 0; i < n; i++) {
    if (heap.length < k) {
      heap.push(i);
      for (let at = heap.length - 1; at > 0; ) {
        const up = (at - 1) >> 1;
        if (!worse(heap[at], heap[up])) break;
        [heap[at], heap[up]] = [heap[up], heap[at]];
        at = up;
      }
    } else if (worse(heap[0], i)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((i, j) => cmp(items[i], items[j]) || i - j).map((i) => items[i]);
}
