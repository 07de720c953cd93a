/** pino's levels: subnetkit's loggers write the names, plain pino the numbers. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const NAMES = Object.fromEntries(Object.entries(LEVELS).map(([name, n]) => [n, name]));
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'component']);
const MAX_VALUE = 80;

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/**
 * One child's output line as the local network prints it: `HH:MM:SS LEVEL [label] message k=v …`
 * for a JSON log line, the line itself otherwise. Pure.
 */
export function formatLogLine(label: string, line: string): string {
  let entry: Record<string, unknown> | undefined;
  if (line.startsWith('{')) {
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      entry = undefined;
    }
  }
  if (!entry || typeof entry.msg !== 'string') return `[${label}] ${line}`;
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '--:--:--';
  const level =
    typeof entry.level === 'number' ? (NAMES[entry.level] ?? String(entry.level)) : String(entry.level ?? '');
  const err = entry.err as { message?: string } | undefined;
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key) && key !== 'err')
    .map(([key, value]) => `${key}=${short(value)}`);
  if (err?.message) fields.push(`err=${short(err.message)}`);
  return [`${time} ${level.padEnd(5)} [${label}] ${entry.msg}`, ...fields].join(' ');
}

/** The level of a JSON log line as pino's number (30 = info when it has none), to filter what is printed. */
export function levelOf(line: string): number {
  const match = /"level":(?:(\d+)|"(\w+)")/.exec(line);
  if (!match) return 30;
  return match[1] ? Number(match[1]) : (LEVELS[match[2]!] ?? 30);
}
