/**
 * Vitest set-up file for both projects: fast-check's seed. On a developer's machine every
 * run draws new cases (set `FC_SEED` to replay one, as a failure prints it); in CI the seed
 * is fixed (`test.provide` in vitest.config.ts), so a run of `main` gives the same answer
 * each time and a counterexample found locally becomes a named case rather than a red CI.
 */
import fc from "fast-check";
import { inject } from "vitest";

const seed = inject("fastCheckSeed");
if (seed !== undefined) fc.configureGlobal({ seed });

declare module "vitest" {
  export interface ProvidedContext {
    fastCheckSeed: number | undefined;
  }
}
