import { describe, expect, it } from 'vitest';
// the built module: its worker entry is the compiled worker.js beside it
import { prestartWorkers, releasePrestarted, takePrestarted } from '@asimkit/core/prestart';

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
});
