/** Progress of a long run (compiling, verifying many fixtures), for a person watching a terminal. */
export interface Progress {
  /** Begin a step of `total` units, e.g. ("verify maestra", 2319). */
  start(label: string, total: number): void;
  /** `count` more units are done. */
  tick(count?: number): void;
  /** The step is over: the line is cleared so the command's own output starts clean. */
  done(): void;
}

export interface ProgressOptions {
  stream?: Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  /** Milliseconds clock; redraws happen at most every `intervalMs`. */
  now?: () => number;
  intervalMs?: number;
}

const CLEAR_LINE = "\r\x1b[K";

/**
 * A one-line progress reporter on standard error. It writes only to a terminal and never under CI
 * (`CI=true`), so logs, pipes and golden outputs stay free of control characters.
 */
export function progressReporter(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  if (stream.isTTY !== true || env.CI === "true") return { start() {}, tick() {}, done() {} };
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 100;
  let label = "";
  let total = 0;
  let current = 0;
  let drawnAt = -Infinity;
  let active = false;
  const draw = () => {
    drawnAt = now();
    const percent = total > 0 ? Math.floor((current / total) * 100) : 100;
    stream.write(`${CLEAR_LINE}${label} ${current}/${total} (${percent}%)`);
  };
  return {
    start(nextLabel, nextTotal) {
      label = nextLabel;
      total = nextTotal;
      current = 0;
      active = true;
      draw();
    },
    tick(count = 1) {
      if (!active) return;
      current = Math.min(total, current + count);
      if (current === total || now() - drawnAt >= interval) draw();
    },
    done() {
      if (!active) return;
      active = false;
      stream.write(CLEAR_LINE);
    },
  };
}
