// Runs a bundled CommonJS library with V8's code cache for it, written beside it at build time
// (build.mjs): compiling zod's 650 kB alone took ~23 ms of every thread's start, ~10 ms from the
// cache (pino 9 → 4 ms, inversify 5 → 2 ms). A cache that does not fit this Node (another V8, other
// flags) is rejected by V8 and the library is compiled as without one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** The library's `module.exports`; with `writeCache`, its code cache is (re)written after it ran. */
export function loadBundle(url, { writeCache = false } = {}) {
  const file = fileURLToPath(url);
  const cacheFile = `${file}.v8-cache`;
  const cachedData = !writeCache && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (writeCache) writeFileSync(cacheFile, script.createCachedData());
  return module.exports;
}
