/**
 * Write-Progress as bars on a terminal, one line per activity, in the spirit of PowerShell 7's minimal progress view:
 * `[host] Activity [=========>          ] 45% Status`.
 */

export interface ProgressEntry {
  /** `[host] ` when several targets run, or ''. */
  readonly prefix: string;
  readonly activity: string;
  readonly status: string | null;
  /** 0-100, or -1 when unknown (the bar is then left out). */
  readonly percentComplete: number;
  readonly secondsRemaining: number;
}

const BAR_WIDTH = 30;
const MIN_ACTIVITY_WIDTH = 12;

export function renderProgressLine(entry: ProgressEntry, columns: number): string {
  const tail: string[] = [];
  if (entry.percentComplete >= 0) {
    const percent = Math.min(100, Math.max(0, Math.round(entry.percentComplete)));
    const filled = Math.round((percent / 100) * BAR_WIDTH);
    const head = filled > 0 && filled < BAR_WIDTH ? '>' : '';
    const body = '='.repeat(Math.max(0, filled - head.length)) + head;
    tail.push(`[${body.padEnd(BAR_WIDTH, ' ')}] ${String(percent).padStart(3, ' ')}%`);
  }
  if (entry.status) tail.push(entry.status);
  if (entry.secondsRemaining >= 0) tail.push(`(${formatSeconds(entry.secondsRemaining)} left)`);
  const rest = tail.length > 0 ? ` ${tail.join(' ')}` : '';
  // A long activity gives way first: the bar and the status are what changes.
  const activity = truncate(`${entry.prefix}${entry.activity}`, Math.max(MIN_ACTIVITY_WIDTH, columns - rest.length));
  return truncate(activity + rest, columns);
}

export function renderProgressLines(entries: readonly ProgressEntry[], columns: number, maxLines: number): string[] {
  if (entries.length <= maxLines) return entries.map((entry) => renderProgressLine(entry, columns));
  const shown = entries.slice(-(maxLines - 1)).map((entry) => renderProgressLine(entry, columns));
  return [truncate(`… and ${entries.length - shown.length} more activities`, columns), ...shown];
}

function formatSeconds(total: number): string {
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = Math.floor(total % 60);
  const two = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

function truncate(text: string, columns: number): string {
  if (columns <= 1 || text.length <= columns) return text;
  return `${text.slice(0, columns - 1)}…`;
}
