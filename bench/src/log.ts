/** Where progress lines go (stderr), so that a long run shows it is alive. */
export type Log = (line: string) => void;

/** Logs to stderr with the seconds since the run started. */
export function stderrLog(): Log {
  const start = Date.now();
  return (line) => {
    process.stderr.write(`[${((Date.now() - start) / 1000).toFixed(1)}s] ${line}\n`);
  };
}
