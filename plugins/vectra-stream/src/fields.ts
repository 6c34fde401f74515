import { isIP } from 'node:net';
import { RecordRejected } from '@asimkit/sdk';
import type { VectraSessionRow } from './row.js';

/**
 * The isession keys we read, by type, and every name they go by: the raw Stream JSON (`id.orig_h`),
 * the AMA table `vectra_isession_CL` (`id_orig_h`), the legacy table `VectraStream_CL` (type
 * suffixes `_s`/`_d`/`_b`/`_t`/`_g`, with the drift the spec notes: byte counters as `_d` or `_s`),
 * and the newer platform's names (`timestamp`, `proto_name`, nested `orig_hostname.name`).
 */
export type FieldKind = 'ms' | 'string' | 'addr' | 'port' | 'count' | 'millis' | 'bool' | 'host';

export interface FieldSpec {
  readonly name: keyof VectraSessionRow & string;
  readonly kind: FieldKind;
}

const FIELDS: readonly (readonly [FieldSpec['name'], FieldKind, ...string[]])[] = [
  ['metadata_type', 'string'],
  ['ts', 'ms', 'timestamp'],
  ['uid', 'string'],
  ['id_orig_h', 'addr', 'id.orig_h'],
  ['id_orig_p', 'port', 'id.orig_p'],
  ['id_resp_h', 'addr', 'id.resp_h'],
  ['id_resp_p', 'port', 'id.resp_p'],
  ['id_ip_ver', 'string', 'id.ip_ver'],
  ['proto', 'count'],
  ['protoName', 'string', 'proto_name'],
  ['service', 'string'],
  ['duration', 'millis'],
  ['conn_state', 'string'],
  ['orig_pkts', 'count'],
  ['resp_pkts', 'count'],
  ['orig_ip_bytes', 'count'],
  ['resp_ip_bytes', 'count'],
  ['resp_domain', 'string'],
  ['resp_multihomed', 'bool'],
  ['orig_vlan_id', 'count'],
  ['resp_vlan_id', 'count'],
  ['session_start_time', 'ms'],
  ['first_orig_resp_pkt_time', 'ms'],
  ['first_resp_orig_pkt_time', 'ms'],
  ['first_orig_resp_data_pkt_time', 'ms'],
  ['first_resp_orig_data_pkt_time', 'ms'],
  ['first_orig_resp_data_pkt', 'string'],
  ['first_resp_orig_data_pkt', 'string'],
  ['community_id', 'string'],
  ['orig_huid', 'string'],
  ['resp_huid', 'string'],
  ['orig_sluid', 'string'],
  ['resp_sluid', 'string'],
  ['orig_hostname', 'host'],
  ['resp_hostname', 'host'],
  ['sensor_uid', 'string'],
  ['local_orig', 'bool'],
  ['local_resp', 'bool'],
  ['dir_confidence', 'count'],
];

const SUFFIXES = ['_s', '_d', '_b', '_t', '_g'];

export const FIELD_BY_KEY: ReadonlyMap<string, FieldSpec> = (() => {
  const byKey = new Map<string, FieldSpec>();
  for (const [name, kind, ...aliases] of FIELDS) {
    const spec = { name, kind };
    for (const key of [name, ...aliases]) {
      byKey.set(key, spec);
      for (const suffix of SUFFIXES) byKey.set(key + suffix, spec);
    }
  }
  return byKey;
})();

/** Epoch ms from here on are past year 9999. */
export const MAX_EPOCH_MS = 253402300800000;
/** Epoch ms below this are before March 1973: such a Stream time is in seconds, not ms. */
const MIN_EPOCH_MS = 1e11;
const ISO_TEXT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/;
const NUMBER_TEXT = /^\d{1,16}(?:\.\d+)?$/;

function bad(key: string, value: unknown, expected: string): RecordRejected {
  return new RecordRejected('bad-value', `${key} ${JSON.stringify(value)} is not ${expected}`);
}

function epochMs(key: string, value: unknown, n: number): number {
  if (!(n >= 0 && n < MAX_EPOCH_MS)) throw new RecordRejected('bad-time', `${key} ${JSON.stringify(value)} is not a time (epoch ms or ISO-8601)`);
  if (n < MIN_EPOCH_MS) throw new RecordRejected('bad-time', `${key} ${JSON.stringify(value)} is not epoch milliseconds (seconds? Stream times are ms)`);
  return Math.floor(n);
}

/** A value as parsed from JSON, or a table cell (text in CSV exports) → its typed value. */
export function fieldValue(spec: FieldSpec, key: string, v: unknown): unknown {
  if (v === null || v === undefined || v === '') return undefined;
  switch (spec.kind) {
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      throw bad(key, v, 'a string');
    case 'host':
      if (typeof v === 'object' && !Array.isArray(v)) return fieldValue({ name: spec.name, kind: 'string' }, `${key}.name`, (v as { name?: unknown }).name);
      return fieldValue({ name: spec.name, kind: 'string' }, key, v);
    case 'ms':
      if (typeof v === 'number') return epochMs(key, v, v);
      if (typeof v === 'string' && NUMBER_TEXT.test(v)) return epochMs(key, v, Number(v));
      if (typeof v === 'string' && ISO_TEXT.test(v)) return epochMs(key, v, Date.parse(v));
      throw new RecordRejected('bad-time', `${key} ${JSON.stringify(v)} is not a time (epoch ms or ISO-8601)`);
    case 'addr':
      if (typeof v !== 'string' || isIP(v) === 0) throw bad(key, v, 'an IPv4 or IPv6 address');
      return v;
    case 'port':
    case 'count': {
      const n = typeof v === 'string' && NUMBER_TEXT.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw bad(key, v, spec.kind === 'port' ? 'a port number (0-65535)' : 'a non-negative integer');
      if (spec.kind === 'port' && n > 65535) throw bad(key, v, 'a port number (0-65535)');
      return n;
    }
    case 'millis': {
      const n = typeof v === 'string' && NUMBER_TEXT.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !(n >= 0 && n < MAX_EPOCH_MS)) throw bad(key, v, 'a duration in milliseconds');
      return n;
    }
    case 'bool':
      if (v === true || v === 1 || v === 'true' || v === 'True' || v === '1') return true;
      if (v === false || v === 0 || v === 'false' || v === 'False' || v === '0') return false;
      throw bad(key, v, 'a boolean');
  }
}
