/** Metadata of the seed hunting query (spec §0, D1). */
export const RULE_METADATA = {
  id: '70e2a349-87f0-4266-809c-e92fc71e0830',
  name: 'Detect port misuse by static threshold (ASIM Network Session schema)',
  schemaVersion: '0.2.4',
  watchlistAlias: 'NetworkSession_Monitor_Configuration',
  /**
   * MITRE ATT&CK techniques of the rule. D1 lists "T1905", a typo for T1095 (Non-Application
   * Layer Protocol; spec §l), corrected here.
   */
  techniques: ['T1095', 'T1190', 'T1059', 'T1203'],
} as const;

/** Set caps of the final summarize (spec §h). */
export const SET_CAPS = { NetworkProtocols: 20, NetworkDirections: 5, DvcActions: 10 } as const;
