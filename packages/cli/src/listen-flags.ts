import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError } from '@asimkit/sdk';
import { DEFAULT_MAX_MESSAGE, parseEndpoint, type ListenSpec } from '@asimkit/core';
import { collect } from './exit.js';
import { parseByteSize } from './run-normalize.js';

/** The syslog endpoints of `asim listen` and `asim ship`. */
export interface EndpointFlags {
  udp: string[];
  tcp: string[];
  tls: string[];
  cert?: string;
  key?: string;
  ca?: string;
  maxMessage?: string;
}

export function listenFlags(cmd: Command): Command {
  return cmd
    .option('--udp <host:port>', 'listen for syslog datagrams, one message each (repeatable; PORT alone binds 127.0.0.1)', collect, [])
    .option('--tcp <host:port>', 'listen for syslog over TCP, octet-counted or newline-delimited (RFC 6587), told apart per connection (repeatable)', collect, [])
    .option('--tls <host:port>', 'listen for syslog over TLS (RFC 5425; needs --cert and --key) (repeatable)', collect, [])
    .option('--cert <file>', 'PEM certificate of the TLS listener')
    .option('--key <file>', 'PEM private key of the TLS listener')
    .option('--ca <file>', 'PEM CA: TLS clients must present a certificate it signed')
    .option('--max-message <bytes>', 'longest message taken (e.g. 65536, 64k); longer ones are rejected with their reason (default 64k)');
}

export function maxMessageOf(flags: EndpointFlags): number {
  return parseByteSize(flags.maxMessage, '--max-message') ?? DEFAULT_MAX_MESSAGE;
}

/** The endpoints of the flags; at least one when `required`. */
export function endpoints(flags: EndpointFlags, required: boolean): ListenSpec[] {
  const specs: ListenSpec[] = [];
  for (const v of flags.udp) specs.push({ protocol: 'udp', ...parseEndpoint(v, '--udp') });
  for (const v of flags.tcp) specs.push({ protocol: 'tcp', ...parseEndpoint(v, '--tcp') });
  if (flags.tls.length) {
    if (!flags.cert || !flags.key) throw new ConfigError('bad-flag', '--tls needs --cert FILE and --key FILE');
    const tls = { cert: readPem(flags.cert, '--cert'), key: readPem(flags.key, '--key'), ...(flags.ca ? { ca: readPem(flags.ca, '--ca') } : {}) };
    for (const v of flags.tls) specs.push({ protocol: 'tls', ...parseEndpoint(v, '--tls'), tls });
  }
  if (required && specs.length === 0) throw new ConfigError('bad-flag', 'give at least one of --udp, --tcp and --tls HOST:PORT (e.g. --tcp 127.0.0.1:6514)');
  return specs;
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError('bad-flag', `cannot read ${flag} ${path}: ${(err as Error).message}`);
  }
}
