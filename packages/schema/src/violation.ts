/** What a validator found wrong with a record. */
export type ViolationRule = 'missing' | 'type' | 'allowed' | 'alias' | 'conditional' | 'rule' | 'unknown-field';

export type ViolationSeverity = 'error' | 'warning';

export interface Violation {
  /** The field at fault; '' when the record itself is not an object. */
  field: string;
  rule: ViolationRule;
  severity: ViolationSeverity;
  message: string;
}

/** A record is valid when none of its violations is an error (warnings are allowed). */
export function isValid(violations: readonly Violation[]): boolean {
  for (const v of violations) if (v.severity === 'error') return false;
  return true;
}

export function violation(field: string, rule: ViolationRule, severity: ViolationSeverity, message: string): Violation {
  return { field, rule, severity, message };
}
