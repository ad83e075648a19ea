// What every bench shares to summarise its samples and say where they were taken.
import { availableParallelism, cpus, platform, release } from 'node:os';

export interface Stats {
  median: number;
  min: number;
  max: number;
}

export const stats = (values: readonly number[]): Stats => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
};

/** The value at a quantile (0 to 1) of samples, nearest rank. */
export const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
};

export const formatStats = (value: Stats, format: (n: number) => string) =>
  `${format(value.median)} (${format(value.min)}–${format(value.max)})`;

export const thousands = (n: number) => Math.round(n).toLocaleString('en');
export const fixed = (digits: number) => (n: number) => n.toFixed(digits);

export const machineLine = (load: number) =>
  `Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ` +
  `${platform()} ${release()}, load average ${load.toFixed(1)} at the start.`;

/** Lets the event loop and the collector breathe between measurements. */
export const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
