#!/usr/bin/env node
// Installs the peers `pnpm bench --peers` runs, and does nothing when they are there:
// mawk and syslog-ng from Debian (apt-get, as root), DuckDB's Node API from npm into bench/peers
// (npm ci from its own lockfile, so it never becomes a dependency of the product).
// Run alone: node bench/peers/install.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PEERS_DIR = fileURLToPath(new URL('.', import.meta.url));
/** Debian package for each command a peer needs. */
const DEBIAN_PACKAGES = { mawk: 'mawk', 'syslog-ng': 'syslog-ng-core' };

export class PeerInstallError extends Error {}

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

function sh(cmd, argv, env = {}) {
  process.stderr.write(`peers: ${cmd} ${argv.join(' ')}\n`);
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  if (r.error || r.status !== 0) throw new PeerInstallError(`${cmd} ${argv.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

function ensureDebianPackages() {
  const missing = Object.entries(DEBIAN_PACKAGES).filter(([command]) => !onPath(command)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new PeerInstallError(`the peers need Debian's ${missing.join(', ')}: install them (apt-get install ${missing.join(' ')}) and run again`);
  }
  const apt = ['-o', 'DPkg::Lock::Timeout=600', '-q'];
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  sh('apt-get', [...apt, 'update'], env);
  sh('apt-get', [...apt, 'install', '-y', '--no-install-recommends', ...missing], env);
}

export function duckdbVersion() {
  const manifest = join(PEERS_DIR, 'node_modules/@duckdb/node-api/package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

function ensureDuckdb() {
  const wanted = JSON.parse(readFileSync(join(PEERS_DIR, 'package.json'), 'utf8')).dependencies['@duckdb/node-api'];
  if (duckdbVersion() === wanted) return;
  sh('npm', ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel=error']);
}

/** Makes every peer available; throws PeerInstallError with what to do when it cannot. */
export function ensurePeers() {
  ensureDebianPackages();
  ensureDuckdb();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensurePeers();
  } catch (e) {
    if (!(e instanceof PeerInstallError)) throw e;
    console.error(`peers: ${e.message}`);
    process.exit(1);
  }
}
