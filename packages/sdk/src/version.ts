import { readFileSync } from 'node:fs';

/** This SDK's version (from its package.json): a plugin's `asimkit.sdk` range is checked against it. */
export const SDK_VERSION: string = (JSON.parse(readFileSync(new URL(import.meta.resolve('@asimkit/sdk/package.json')), 'utf8')) as { version: string }).version;
