/**
 * Download progress as transformers.js reports it (`progress_callback`), shown as one bar per
 * file on a terminal and as log lines elsewhere.
 */

/** The events transformers.js sends while loading a model. */
export interface ProgressEvent {
  status: 'initiate' | 'download' | 'progress' | 'done' | 'ready' | string;
  file?: string;
  loaded?: number;
  total?: number;
  progress?: number;
}

/** Pure: `tokenizer.json  [██████░░░░░░]  52%  1.2/2.3 MB`. */
export function renderProgressBar(file: string, loaded: number, total: number, width = 24): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, loaded / total)) : 0;
  const filled = Math.round(fraction * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `${file}  [${bar}] ${percent}  ${formatMegabytes(loaded)}/${formatMegabytes(total)} MB`;
}

function formatMegabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): void;
}

/**
 * A `progress_callback` that draws bars on a terminal (redrawing the current line) and, on a
 * pipe, writes one line when each file starts and ends downloading.
 */
export function progressReporter(sink: ProgressSink): (event: ProgressEvent) => void {
  let lastDraw = 0;
  // Files read from disk or the cache also get 'initiate'/'done'; only downloads are shown.
  const downloading = new Set<string>();
  return (event) => {
    const file = event.file ?? '';
    if (event.status === 'progress' && sink.isTTY && downloading.has(file)) {
      const now = Date.now();
      if (now - lastDraw < 100 && (event.progress ?? 0) < 100) return;
      lastDraw = now;
      sink.write(`\r${renderProgressBar(file, event.loaded ?? 0, event.total ?? 0)}`);
    } else if (event.status === 'download') {
      downloading.add(file);
      if (!sink.isTTY) sink.write(`downloading ${file}\n`);
    } else if (event.status === 'done' && downloading.delete(file)) {
      sink.write(sink.isTTY ? '\n' : `downloaded ${file}\n`);
    }
  };
}
