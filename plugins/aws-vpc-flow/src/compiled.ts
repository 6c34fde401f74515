/** Source texts kept compiled at once: arbitrary headers may bring many field orders. */
const MAX_COMPILED = 64;

const compiledBySource = new Map<string, unknown>();

/**
 * `new Function(param, body)`, compiled once per thread for each text and shared by every decoder
 * of that field order. A function compiled per decoder starts cold in every file, and in every
 * byte range a worker thread reads (~10 for 2M lines), interpreted until V8 optimizes it again
 * and deoptimizing its callers ("wrong call target"). Closures a shared factory returns share its
 * feedback and optimized code, whatever helpers they are given.
 */
export function compiled<F>(param: string, body: string): F {
  const text = `${param}\n${body}`;
  let fn = compiledBySource.get(text);
  if (fn === undefined) {
    if (compiledBySource.size >= MAX_COMPILED) compiledBySource.clear();
    fn = new Function(param, body);
    compiledBySource.set(text, fn);
  }
  return fn as F;
}
