import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// the built module: its worker entry is the compiled worker.js beside it
import { preloadInWaitingWorkers, prestartWorkers, releasePrestarted, takePrestarted } from '@asimkit/core/prestart';

describe('prestarted workers', () => {
  it('are handed out once each, and those not taken quit when released', async () => {
    prestartWorkers(3);
    const taken = takePrestarted()!;
    expect(taken).toBeDefined();
    const exited = new Promise<number>((resolve) => taken.once('exit', resolve));
    taken.postMessage({ quit: true });
    await releasePrestarted(); // the other one
    expect(takePrestarted()).toBeUndefined();
    expect(await exited).toBe(0);
  });

  it('survive preloading plugins that are not built or throw on import, and still take their next message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asim-preload-'));
    writeFileSync(join(dir, 'throws.js'), 'throw new Error("broken on purpose");\n');
    const manifest = (id: string, entry: string) => ({ id, entry, dir, packageName: id, version: '0.0.0' });
    prestartWorkers(2); // one worker
    preloadInWaitingWorkers([manifest('missing', 'dist/index.js'), manifest('throws', 'throws.js')]);
    const worker = takePrestarted()!;
    const errors: unknown[] = [];
    worker.on('error', (err) => errors.push(err));
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the imports fail meanwhile
    worker.postMessage({ quit: true });
    expect(await exited).toBe(0);
    expect(errors).toEqual([]);
  });
});
