// Lookups over FIELDS, computed once at module load and shared by both validators.

import { FIELDS, type FieldSpec } from './fields.generated.js';
import { DVC_ID_TYPES, USERNAME_TYPES } from './vocabularies.js';

/** Absent in the KQL sense (R20): undefined, null, or the empty string. */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** The literal schema fields (pattern rows excluded), by name. */
export const FIELD_BY_NAME: ReadonlyMap<string, FieldSpec> = new Map(
  FIELDS.filter((f) => !f.pattern).map((f) => [f.name, f]),
);

/** Mandatory fields plus TimeGenerated: a record without them is invalid. */
export const REQUIRED_FIELDS: readonly string[] = FIELDS.filter(
  (f) => f.class === 'Mandatory' || f.name === 'TimeGenerated',
).map((f) => f.name);

/**
 * Extra-ID fields the spec invites but does not list (notes of DvcId, DstDvcId, DstUsername):
 * Dvc<IdType>, SrcDvc<IdType>, DstDvc<IdType>, SrcUsername<Type>, DstUsername<Type>, e.g.
 * DvcAzureResourceId, DvcMDEid. Validated as plain strings instead of reported as unknown.
 */
export const EXTRA_ID_FIELDS: readonly FieldSpec[] = [
  ...['Dvc', 'SrcDvc', 'DstDvc'].flatMap((p) => DVC_ID_TYPES.map((t) => `${p}${t}`)),
  ...['SrcUsername', 'DstUsername'].flatMap((p) => USERNAME_TYPES.map((t) => `${p}${t}`)),
]
  .filter((name) => !FIELD_BY_NAME.has(name))
  .map((name) => ({ name, type: 'string', class: 'Optional' }));

export interface LocalRemoteAlias {
  readonly prefix: 'Local' | 'Remote';
  /** The part after the prefix; '' for the bare `Local` / `Remote` (aliases of Src / Dst). */
  readonly suffix: string;
  /** The Src/Dst field whose type and value rules the alias follows. */
  readonly spec: FieldSpec;
}

/** Every valid Local<Suffix>/Remote<Suffix> name: one per suffix of a literal Src* or Dst* field. */
export const LOCAL_REMOTE_ALIASES: ReadonlyMap<string, LocalRemoteAlias> = (() => {
  const map = new Map<string, LocalRemoteAlias>();
  for (const f of FIELD_BY_NAME.values()) {
    if (!f.name.startsWith('Src') && !f.name.startsWith('Dst')) continue;
    const suffix = f.name.slice(3);
    for (const prefix of ['Local', 'Remote'] as const) {
      if (!map.has(prefix + suffix)) map.set(prefix + suffix, { prefix, suffix, spec: f });
    }
  }
  return map;
})();

/**
 * The spec a record key is validated against: the literal field, an extra-ID field, or for a
 * Local/Remote alias the Src/Dst field it mirrors. Undefined for names outside the schema.
 */
export const KNOWN_FIELDS: ReadonlyMap<string, FieldSpec> = new Map([
  ...FIELD_BY_NAME,
  ...EXTRA_ID_FIELDS.map((f) => [f.name, f] as const),
  ...[...LOCAL_REMOTE_ALIASES].map(([name, alias]) => [name, alias.spec] as const),
]);

/** Fields with class Deprecated (readers accept them, emitters should not produce them). */
export const DEPRECATED_FIELDS: ReadonlySet<string> = new Set(
  FIELDS.filter((f) => f.class === 'Deprecated').map((f) => f.name),
);
