/**
 * One Vectra Stream `isession` record in the shape of the `vectra_isession_CL` table (the raw
 * keys, `.` written `_`), typed: what the raw JSON decoder and both table readers produce, and
 * what the mapping reads. Times are epoch ms.
 */
export interface VectraSessionRow {
  metadata_type?: string;
  /** When the record was written, epoch ms. */
  ts?: number;
  uid?: string;
  id_orig_h?: string;
  id_orig_p?: number;
  id_resp_h?: string;
  id_resp_p?: number;
  /** `ipv4` / `ipv6` (spelling not documented; read case-insensitively). */
  id_ip_ver?: string;
  /** IP protocol number. */
  proto?: number;
  protoName?: string;
  service?: string;
  /** Milliseconds. */
  duration?: number;
  conn_state?: string;
  orig_pkts?: number;
  resp_pkts?: number;
  orig_ip_bytes?: number;
  resp_ip_bytes?: number;
  resp_domain?: string;
  resp_multihomed?: boolean;
  orig_vlan_id?: number;
  resp_vlan_id?: number;
  /** Epoch ms. */
  session_start_time?: number;
  first_orig_resp_pkt_time?: number;
  first_resp_orig_pkt_time?: number;
  first_orig_resp_data_pkt_time?: number;
  first_resp_orig_data_pkt_time?: number;
  first_orig_resp_data_pkt?: string;
  first_resp_orig_data_pkt?: string;
  community_id?: string;
  orig_huid?: string;
  resp_huid?: string;
  orig_sluid?: string;
  resp_sluid?: string;
  orig_hostname?: string;
  resp_hostname?: string;
  sensor_uid?: string;
  local_orig?: boolean;
  local_resp?: boolean;
  dir_confidence?: number;

  /** Table form: the table the row came from. */
  Type?: string;
  /** Table form: Log Analytics' TimeGenerated (ISO-8601), used only when the record has no `ts`. */
  TimeGenerated?: string;
  /** VectraStream_CL: the collector host the legacy agent added (`hostname_s`), not the sensor. */
  collector?: string;
  /** Table form: Log Analytics' record id. */
  _ItemId?: string;
  _ResourceId?: string;
}

export const ISESSION = 'metadata_isession';
