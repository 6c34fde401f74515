// pnpm bench input for windows-forwarded-event: events forwarded by a Windows Event Collector in the
// RenderedText format, one `<Event>` per line as `wevtutil qe ForwardedEvents /f:RenderedXml` writes
// them (single-quoted attributes, RenderingInfo after EventData).
import { rng, writeLines } from './common.mjs';
import { hosts, iso7, NS, wfpEvent } from './windows-security-event.mjs';

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const TASK = { 5156: 12810, 5157: 12810, 5158: 12810, 5154: 12810, 5152: 12809 };

export const GENERATORS = {
  'wef-xml': {
    source: 'windows-forwarded-event',
    async write(path, n) {
      const r = rng(14592);
      const hostList = hosts(r);
      let record = 7_000_000;
      await writeLines(path, n, undefined, (i) => {
        const ev = wfpEvent(r, i, n, hostList);
        const ok = ev.id !== 5157 && ev.id !== 5152;
        const data = ev.data.map(([k, v]) => `<Data Name='${k}'>${xmlEscape(v)}</Data>`).join('');
        return (
          `<Event xmlns='${NS}'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>${ev.id}</EventID><Version>1</Version><Level>0</Level>` +
          `<Task>${TASK[ev.id] ?? 12544}</Task><Opcode>0</Opcode><Keywords>${ok ? '0x8020000000000000' : '0x8010000000000000'}</Keywords><TimeCreated SystemTime='${iso7(ev.timeMs)}'/>` +
          `<EventRecordID>${record++}</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='${100 + (i % 9000)}'/><Channel>Security</Channel><Computer>${ev.computer}</Computer><Security/></System>` +
          `<EventData>${data}</EventData><RenderingInfo Culture='en-US'><Message>The Windows Filtering Platform has ${ok ? 'permitted' : 'blocked'} a connection.</Message><Level>Information</Level>` +
          `<Task>Filtering Platform Connection</Task><Opcode>Info</Opcode><Channel>Security</Channel><Provider>Microsoft Windows security auditing.</Provider><Keywords><Keyword>${ok ? 'Audit Success' : 'Audit Failure'}</Keyword></Keywords></RenderingInfo></Event>`
        );
      });
    },
  },
};
