import type { ApplyEvent, WaitProgress } from '@ddb-migrations/apply';
import yoctoSpinner from 'yocto-spinner';

export interface Reporter {
  event(event: ApplyEvent): void;
  stop(): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

function describeWait(progress: WaitProgress): string {
  const indexes = progress.indexes.map((index) => `${index.name} ${index.status}${index.backfilling ? ' (backfilling)' : ''}`).join(', ');
  const warming = progress.warming.length > 0 ? `, warm throughput UPDATING on ${progress.warming.join(', ')}` : '';
  return `waiting for ${progress.table}: table ${progress.tableStatus}${indexes ? `, ${indexes}` : ''}${warming} (${seconds(progress.elapsedMs)})`;
}

/**
 * How apply reports what it does: JSON lines with --json, a live spinner line on a terminal, plain
 * lines otherwise (one per status change, so logs stay short).
 */
export function createReporter(mode: { json: boolean; tty: boolean; color: boolean }, write: (text: string) => void, stream: NodeJS.WriteStream): Reporter {
  if (mode.json) return { event: (event) => write(`${JSON.stringify(event)}\n`), stop: () => {} };
  if (mode.tty) {
    const spinner = yoctoSpinner({ stream, color: mode.color ? 'cyan' : undefined as never });
    return {
      event(event) {
        if (event.type === 'wait') {
          spinner.text = describeWait(event.progress);
          if (!spinner.isSpinning) spinner.start();
          return;
        }
        if (spinner.isSpinning) spinner.stop();
        if (event.type === 'step') write(`${event.description}\n`);
        if (event.type === 'replan') write(`${event.reason}; planning again\n`);
      },
      stop: () => spinner.isSpinning && spinner.stop(),
    };
  }
  // Per table: tables applied concurrently take turns reporting, and each still prints only its changes.
  const lastStatus = new Map<string, string>();
  return {
    event(event) {
      if (event.type === 'wait') {
        const status = describeWait({ ...event.progress, elapsedMs: 0 });
        if (status !== lastStatus.get(event.progress.table)) write(`${describeWait(event.progress)}\n`);
        lastStatus.set(event.progress.table, status);
      } else if (event.type === 'step') write(`${event.description}\n`);
      else if (event.type === 'replan') write(`${event.reason}; planning again\n`);
    },
    stop: () => {},
  };
}
