export { satisfies, validRange } from 'semver';
