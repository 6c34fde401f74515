/**
 * One Zeek `conn` record in the shape of the `Corelight_v3_conn_CL` table (Zeek's field names, `.`
 * written `_`), with typed values: what the JSON decoder, the TSV decoder and the table readers
 * all produce, and what the mapping reads. Unset Zeek fields (`-` in TSV, absent in JSON) are
 * absent here.
 */
export interface ZeekConnRow {
  /** The log's name: `conn`, `conn_red`, ... (`_path`, `@stream`, `#path`, `path`). */
  path?: string;
  /** The sensor (`_system_name`, `@system`, `system_name`). */
  system_name?: string;
  /** When the sensor wrote the record, epoch ms (`_write_ts`). */
  write_ts?: number;
  /** The Zeek worker (`_node`). */
  node?: string;

  /** Time of the connection's first packet, epoch ms. */
  ts?: number;
  uid?: string;
  id_orig_h?: string;
  id_orig_p?: number;
  id_resp_h?: string;
  id_resp_p?: number;
  /** `tcp`, `udp`, `icmp` or `unknown_transport`. */
  proto?: string;
  /** Confirmed application protocols, comma-separated as Zeek writes them (`ssl,http`). */
  service?: string;
  /** Seconds. */
  duration?: number;
  /** Payload bytes. */
  orig_bytes?: number;
  resp_bytes?: number;
  conn_state?: string;
  local_orig?: boolean;
  local_resp?: boolean;
  missed_bytes?: number;
  history?: string;
  orig_pkts?: number;
  /** IP-level bytes. */
  orig_ip_bytes?: number;
  resp_pkts?: number;
  resp_ip_bytes?: number;
  tunnel_parents?: string[];
  ip_proto?: number;

  orig_l2_addr?: string;
  resp_l2_addr?: string;
  community_id?: string;
  vlan?: number;
  inner_vlan?: number;
  orig_cc?: string;
  resp_cc?: string;
  /** Corelight application identification. */
  app?: string[];
  corelight_shunted?: boolean;

  /** Table form: the table the row came from. */
  Type?: string;
  /** Table form: Log Analytics' TimeGenerated (ISO-8601), used only when the record has no `ts`. */
  TimeGenerated?: string;
  /** Corelight_CL: the collector host the legacy agent added (`hostname_s`), not the sensor. */
  collector?: string;
  _ResourceId?: string;
}

/** The Zeek log names whose records are connections. */
export const CONN_PATHS: ReadonlySet<string> = new Set(['conn', 'conn_red']);
