/**
 * The page shows the transcripts of the first N passing dialogues in plan order, but dialogues end
 * in any order. This counts, by plan position, the passing dialogues ended so far (a Fenwick tree:
 * log n per step, one number per planned dialogue), so a passing dialogue with N of them already
 * before it is known to be listed without its transcript, and the transcript is never rendered.
 */
export class PassedBefore {
  private readonly tree: Int32Array;

  /** Positions 0 … size - 1. */
  constructor(readonly size: number) {
    this.tree = new Int32Array(size + 1);
  }

  add(position: number): void {
    for (let i = position + 1; i <= this.size; i += i & -i) this.tree[i]!++;
  }

  /** How many were added at positions below `position`. */
  below(position: number): number {
    let n = 0;
    for (let i = Math.min(position, this.size); i > 0; i -= i & -i) n += this.tree[i]!;
    return n;
  }
}
