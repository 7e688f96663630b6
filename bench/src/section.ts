/** What each part of the bench hands to the report. */
export interface Goal {
  goal: string;
  /** undefined: not measured on this machine (a tool was missing), said loudly in `result`. */
  met: boolean | undefined;
  result: string;
}

export interface Section {
  title: string;
  /** Markdown lines. */
  body: string[];
  goals: Goal[];
  /** Raw numbers, for the smoke test and anyone comparing runs. */
  data: Record<string, unknown>;
}

export interface BenchOptions {
  /** Untimed rounds before the timed ones. */
  warmups: number;
  /** Timed rounds per comparison. */
  runs: number;
  /** Runs of each command under the peak-memory wrapper (the maximum is reported). */
  rssRuns: number;
  /** Scratch folder, removed at the end. */
  workDir: string;
  log: (line: string) => void;
}

export function markdownTable(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}
