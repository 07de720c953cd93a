import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  label: string;
  /** A node script, run with this process's node. */
  script: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface ChildExit {
  label: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the supervisor asked it to stop. */
  expected: boolean;
}

interface Running {
  spec: ChildSpec;
  child: ChildProcess;
  exited: Promise<ChildExit>;
}

/**
 * Starts the local network's processes, hands every output line to `onLine`, and stops them in
 * order: SIGTERM, a grace period, then SIGKILL for any that did not exit.
 */
export class Supervisor {
  readonly #running = new Map<string, Running>();
  #stopping = false;

  constructor(
    private readonly onLine: (label: string, line: string) => void,
    private readonly onExit: (exit: ChildExit) => void = () => {},
  ) {}

  start(spec: ChildSpec): ChildProcess {
    const child = spawn(process.execPath, [spec.script, ...spec.args], {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.onLine(spec.label, line));
    }
    const exited = new Promise<ChildExit>((resolve) => {
      child.on('exit', (code, signal) => {
        const exit = { label: spec.label, code, signal, expected: this.#stopping };
        this.#running.delete(spec.label);
        this.onExit(exit);
        resolve(exit);
      });
      child.on('error', (error) => {
        this.onLine(spec.label, `could not start: ${error.message}`);
      });
    });
    this.#running.set(spec.label, { spec, child, exited });
    return child;
  }

  get labels(): string[] {
    return [...this.#running.keys()];
  }

  pid(label: string): number | undefined {
    return this.#running.get(label)?.child.pid;
  }

  /**
   * Stops the named children (all when none are named) and resolves when they have exited.
   * `ownExitMs`: first let them exit by themselves for this long — after a Ctrl-C the terminal has
   * signalled the whole process group already, and a second signal would make a neuron skip its
   * clean shutdown.
   */
  async stop(
    labels: readonly string[] = this.labels,
    { graceMs = 10_000, ownExitMs = 0 }: { graceMs?: number; ownExitMs?: number } = {},
  ): Promise<ChildExit[]> {
    this.#stopping = true;
    const targets = labels.flatMap((label) => {
      const running = this.#running.get(label);
      return running ? [running] : [];
    });
    if (ownExitMs > 0) {
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(targets.map((t) => t.exited)),
        new Promise((resolve) => {
          waited = setTimeout(resolve, ownExitMs);
        }),
      ]);
      clearTimeout(waited);
    }
    for (const { child } of targets)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const { child } of targets)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, graceMs);
    try {
      return await Promise.all(targets.map((t) => t.exited));
    } finally {
      clearTimeout(timer);
    }
  }
}
