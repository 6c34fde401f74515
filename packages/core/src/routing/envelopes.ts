import type { Arrival, JsonObject } from '@asimkit/sdk';

/**
 * Shipper envelopes: JSON lines in which a log shipper wrapped the original line. The inner text is
 * routed as that raw line would be; the shipper's time and host become the record's Arrival (they
 * stand in only where the inner line says nothing: a receive time, a sender).
 *
 * | shipper                         | inner text                           | time                     | host                          |
 * |---------------------------------|--------------------------------------|--------------------------|-------------------------------|
 * | Filebeat, Elastic Agent (ECS)   | `event.original`, else `message`     | `@timestamp`             | `host.name`, `agent.hostname` |
 * | Logstash                        | `message`                            | `@timestamp`             | `host` (string or `.name`)    |
 * | Fluent Bit, Vector              | `message`, `log`                     | `timestamp`, `date`, `@timestamp` | `host`, `hostname`   |
 * | Splunk HEC                      | `event` (text, or its `message`/`_raw`) | `time` (epoch seconds) | `host`                       |
 * | journald export (`journalctl -o json`) | `MESSAGE`                     | `__REALTIME_TIMESTAMP` (µs) | `_HOSTNAME`                |
 * | syslog-ng / rsyslog JSON templates | `rawmsg` (rsyslog's original), `MESSAGE`, `msg` | `ISODATE`, `DATE`, `timereported`, `timegenerated` | `HOST`, `hostname`, `fromhost` |
 *
 * The sender's address, where the template has it (rsyslog `fromhost-ip`, syslog-ng `SOURCEIP`), is
 * the Arrival's peer (Sentinel's HostIP), as a listener records it; `asim ship --udp/--tcp` writes
 * its messages in this rsyslog form.
 */
export interface Envelope extends Arrival {
  readonly text: string;
}

/** The envelope of a shipper's record, or undefined when the object is not one. */
export function unwrapEnvelope(o: JsonObject): Envelope | undefined {
  const text = innerText(o);
  if (text === undefined) return undefined;
  const envelope: { text: string; receivedAt?: string; host?: string; app?: string; peer?: string } = { text };
  const time = shipperTime(o);
  if (time !== undefined) envelope.receivedAt = time;
  const host = firstString(nested(o, 'host', 'name'), o.host, nested(o, 'agent', 'hostname'), o.hostname, o._HOSTNAME, o.HOST, o.fromhost);
  if (host !== undefined) envelope.host = host;
  const peer = firstString(o['fromhost-ip'], o.SOURCEIP);
  if (peer !== undefined) envelope.peer = peer;
  const app = firstString(o.SYSLOG_IDENTIFIER, o.PROGRAM, o.programname, nested(o, 'log', 'syslog', 'appname'), nested(o, 'process', 'name'));
  if (app !== undefined) envelope.app = app;
  return envelope;
}

function innerText(o: JsonObject): string | undefined {
  const event = o.event;
  if (typeof event === 'string') return event; // Splunk HEC
  const fromEvent = isObject(event) ? firstString(event.original, event.message, event._raw) : undefined;
  return fromEvent ?? firstString(o.rawmsg, o.message, o.MESSAGE, o.msg, o.log, o._raw);
}

function shipperTime(o: JsonObject): string | undefined {
  const micros = o.__REALTIME_TIMESTAMP;
  if (typeof micros === 'string' && /^\d{10,17}$/.test(micros)) return isoOf(Number(micros) / 1000);
  const seconds = o.time;
  if (typeof seconds === 'number' && Number.isFinite(seconds)) return isoOf(seconds * 1000);
  if (typeof seconds === 'string' && /^\d{9,10}(\.\d+)?$/.test(seconds)) return isoOf(Number(seconds) * 1000);
  const text = firstString(o['@timestamp'], o.timestamp, o.date, o.ISODATE, o.DATE, o.timereported, o.timegenerated);
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : isoOf(ms);
}

function isoOf(ms: number): string | undefined {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined;
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && v !== '') return v;
  return undefined;
}

function nested(o: JsonObject, ...path: string[]): unknown {
  let v: unknown = o;
  for (const k of path) {
    if (!isObject(v)) return undefined;
    v = v[k];
  }
  return v;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
