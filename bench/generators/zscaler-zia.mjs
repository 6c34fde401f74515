// pnpm bench input for zscaler-zia.
import { rng, pick, flow, enis, writeLines } from './common.mjs';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** NSS `%s{time}`: `Fri Dec 17 07:27:54 2021`. */
function nssTime(seconds) {
  const d = new Date(seconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()}`;
}

export const GENERATORS = {
  /** The NSS firewall feed in JSON lines, as Zscaler's JSON feed template writes it (spec §2.4). */
  'zia-nss-json': {
    source: 'zscaler-zia',
    async write(path, n) {
      const r = rng(11);
      const e = enis(r);
      await writeLines(path, n, '', (i) => {
        const f = flow(r, i, n, e);
        const action = f.action === 'ACCEPT' ? 'Allow' : pick(r, ['Block/Drop', 'Block/Reset', 'IPS Drop']);
        const proto = f.proto === 6 ? 'TCP' : f.proto === 17 ? 'UDP' : 'ICMP';
        const app = pick(r, ['ssl', 'http', 'dns', 'ssh', 'ntp', 'unknown']);
        return JSON.stringify({
          sourcetype: 'zscalernss-fw',
          event: {
            datetime: nssTime(f.end), user: `user${i % 500}%40corp.example`, department: 'Engineering', locationname: 'HQ%20Berlin',
            cdport: f.dstport, csport: f.srcport, sdport: f.dstport, ssport: 30000 + (i % 20000), csip: f.src, cdip: f.dst, ssip: '198.51.100.21', sdip: f.dst,
            tsip: '192.0.2.10', tunsport: f.srcport, tuntype: 'ZscalerClientConnector', action, dnat: 'No', stateful: 'Yes', aggregate: 'No',
            nwsvc: app.toUpperCase(), nwapp: app, proto, ipcat: 'Web Hosting', destcountry: 'United States', avgduration: (f.end - f.start) * 1000,
            rulelabel: action === 'Allow' ? 'Allow_All' : 'Block%20Risky', inbytes: f.packets * 200, outbytes: f.packets * 300, duration: f.end - f.start,
            durationms: (f.end - f.start) * 1000, numsessions: 1, ipsrulelabel: 'None', threatcat: 'None', threatname: 'None',
          },
        });
      });
    },
  },
};
