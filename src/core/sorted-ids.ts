/** Look-ups in ascending id columns (typed arrays kept per data stamp instead of maps of objects). Pure. */

/** The index of `id` in ascending `ids`, or -1 (binary search). */
export function indexOfId(ids: ArrayLike<number>, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid];
    if (v < id) lo = mid + 1;
    else if (v > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Indexes in ascending `have` of the ids of ascending `wanted` it holds, in id order (one merge walk). */
export function indexesOf(have: ArrayLike<number>, wanted: ArrayLike<number>): number[] {
  const at: number[] = [];
  for (let i = 0, j = 0; i < have.length && j < wanted.length; ) {
    if (have[i] < wanted[j]) i++;
    else if (have[i] > wanted[j]) j++;
    else {
      at.push(i);
      i++;
      j++;
    }
  }
  return at;
}
