// semver ships no types of its own; these are the two functions asimkit uses.
export function satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
export function validRange(range: string): string | null;
