// pnpm bench input for palo-alto-cef.
import { rng, pick, flow, enis, writeLines } from './common.mjs';

export const GENERATORS = {
  /** PAN-OS TRAFFIC logs in CEF over syslog (RFC 3164 header), as PAN-OS 11 formats them. */
  'pan-cef': {
    source: 'palo-alto-cef',
    async write(path, n) {
      const r = rng(7);
      const e = enis(r);
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      await writeLines(path, n, '', (i) => {
        const f = flow(r, i, n, e);
        const d = new Date(f.start * 1000);
        const hdr = `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${d.toISOString().slice(11, 19)}`;
        const act = f.action === 'ACCEPT' ? 'allow' : 'deny';
        const proto = f.proto === 6 ? 'tcp' : f.proto === 17 ? 'udp' : 'icmp';
        const bytesIn = f.packets * 300;
        const bytesOut = f.packets * 200;
        return `<14>${hdr} PA-FW-01 CEF:0|Palo Alto Networks|PAN-OS|11.1.2|end|TRAFFIC|3|rt=${f.start * 1000} deviceExternalId=007051000054321 src=${f.src} dst=${f.dst} sourceTranslatedAddress=0.0.0.0 destinationTranslatedAddress=0.0.0.0 cs1Label=Rule cs1=rule-${i % 40} suser= duser= app=${pick(r, ['ssl', 'web-browsing', 'dns', 'ssh', 'ms-rdp', 'unknown-tcp'])} cs3Label=Virtual System cs3=vsys1 cs4Label=Source Zone cs4=${f.inbound ? 'untrust' : 'trust'} cs5Label=Destination Zone cs5=${f.inbound ? 'trust' : 'untrust'} deviceInboundInterface=ethernet1/1 deviceOutboundInterface=ethernet1/2 cs6Label=LogProfile cs6=default cn1Label=SessionID cn1=${i} cnt=1 spt=${f.srcport} dpt=${f.dstport} sourceTranslatedPort=0 destinationTranslatedPort=0 flexString1Label=Flags flexString1=0x400053 proto=${proto} act=${act} flexNumber1Label=Total bytes flexNumber1=${bytesIn + bytesOut} in=${bytesIn} out=${bytesOut} cn2Label=Packets cn2=${f.packets} PanOSPacketsReceived=${f.packets >> 1} PanOSPacketsSent=${f.packets - (f.packets >> 1)} cn3Label=Elapsed time in seconds cn3=${f.end - f.start} cs2Label=URL Category cs2=any externalId=${7380000 + i} reason=tcp-fin dvchost=PA-FW-01 cat=from-policy`;
      });
    },
  },
  /** PAN-OS TRAFFIC logs in the native syslog CSV, PAN-OS 11.1's layout (117 fields, device-ID and the high-resolution time). */
  'pan-csv': {
    source: 'palo-alto-cef',
    async write(path, n) {
      const r = rng(13);
      const e = enis(r);
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      const pan = (d) => d.toISOString().slice(0, 19).replace(/-/g, '/').replace('T', ' ');
      await writeLines(path, n, '', (i) => {
        const f = flow(r, i, n, e);
        const end = new Date(f.end * 1000);
        const hdr = `${months[end.getUTCMonth()]} ${String(end.getUTCDate()).padStart(2)} ${end.toISOString().slice(11, 19)}`;
        const act = f.action === 'ACCEPT' ? 'allow' : 'deny';
        const proto = f.proto === 6 ? 'tcp' : f.proto === 17 ? 'udp' : 'icmp';
        const sent = f.packets * 300;
        const received = f.packets * 200;
        const half = f.packets >> 1;
        const fields = [
          '1', pan(end), '007051000054321', 'TRAFFIC', 'end', '2049', pan(end), f.src, f.dst, '0.0.0.0', '0.0.0.0', `rule-${i % 40}`, '', '',
          pick(r, ['ssl', 'web-browsing', 'dns-base', 'ssh', 'ms-rdp', 'incomplete']), 'vsys1', f.inbound ? 'untrust' : 'trust', f.inbound ? 'trust' : 'untrust',
          'ethernet1/1', 'ethernet1/2', 'default', pan(end), String(i), '1', String(f.srcport), String(f.dstport), '0', '0', '0x400053', proto, act,
          String(sent + received), String(sent), String(received), String(f.packets), pan(new Date(f.start * 1000)), String(f.end - f.start), 'any', '0',
          String(7380000 + i), '0x0', '10.0.0.0-10.255.255.255', 'United States', '0', String(f.packets - half), String(half), 'tcp-fin',
          '0', '0', '0', '0', '', 'PA-FW-01', 'from-policy', '', '', '0', '', '0', '', 'N/A', '0', '0', '0', '0',
          'c9fdc0a6-7a52-4b7e-9f5e-1d2c3b4a5f60', '0', '0', String(i % 40), '', '', '', '', '', '', '',
          'PC', 'Windows', 'Latitude 7420', 'Dell', 'Windows', '10', `laptop-${i % 900}`, '', '', '', '', '', '', '', '', '',
          '', '', '', '', '', '', '', '', '', '', `${end.toISOString().slice(0, 23)}+00:00`,
          '', '', 'internet-utility', 'general-internet', 'browser-based', '1', '', '', 'untunneled', 'no', 'no', '0', 'NonProxyTraffic', '',
        ];
        return `<14>${hdr} PA-FW-01 ${fields.join(',')}`;
      });
    },
  },
};
