/** The most intervals open at one moment; one ending as another starts counts as not overlapping. */
export function maxInFlight(intervals: readonly { readonly start: number; readonly end: number }[]): number {
  const events = intervals.flatMap(({ start, end }) => [{ at: start, delta: 1 }, { at: end, delta: -1 }]);
  // Ends before starts at the same instant.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let most = 0;
  for (const { delta } of events) {
    open += delta;
    most = Math.max(most, open);
  }
  return most;
}
