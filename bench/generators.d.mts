// Types for generators.mjs (plain JS so `pnpm bench` runs without a build step).
export interface Generator {
  /** Plugin id whose input this is. */
  readonly source: string;
  /** Writes `n` records to `path`, deterministically. */
  write(path: string, n: number): Promise<void>;
}
export declare const GENERATORS: Readonly<Record<string, Generator>>;
export declare function rng(seed: number): () => number;
