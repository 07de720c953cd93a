/** Stop strings: pure helpers, no tokenizer. */

/** Index of the earliest stop string in `text`, or -1. */
export function findStop(text: string, stops: readonly string[]): number {
  let earliest = -1;
  for (const stop of stops) {
    if (stop === '') continue;
    const at = text.indexOf(stop);
    if (at !== -1 && (earliest === -1 || at < earliest)) earliest = at;
  }
  return earliest;
}

/** `text` up to (not including) its earliest stop string; unchanged when it holds none. */
export function truncateAtStop(text: string, stops: readonly string[]): { text: string; stopped: boolean } {
  const at = findStop(text, stops);
  return at === -1 ? { text, stopped: false } : { text: text.slice(0, at), stopped: true };
}
