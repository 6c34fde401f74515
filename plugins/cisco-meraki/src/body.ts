import { decodeKeyValue, KV_SPACE_QUOTES } from '@asimkit/sdk';

/**
 * A Meraki log body (spec §2.1–2.2): bare words, then `key=value` pairs (values bare or quoted
 * with `'` or `"`, never escaped), then free text after a `pattern:`, `message:` or `request:`
 * marker.
 *
 *     allow src=10.0.2.170 dst=10.0.0.34 protocol=udp sport=54841 dport=15600        (old flows)
 *     src=... dport=44210 pattern: 1 all                                            (flows, firewall)
 *     ids_alerted signature=1:29708:4 priority=1 ... decision=allowed message: BROWSER-IE ...
 */
export interface MerakiBody {
  /** The bare words before the first pair, e.g. `['allow']` or `['ids_alerted']`. */
  readonly words: readonly string[];
  /** The pairs (prototype-less; the last of a duplicate key wins). */
  readonly kv: Readonly<Record<string, string>>;
  /** The marker word (`pattern`, `message`, `request`), when there is one. */
  readonly marker?: string;
  /** The text after the marker, trimmed. */
  readonly free?: string;
}

const MARKER = /(?:^|[ \t])(pattern|message|request):(?=[ \t]|$)/g;

/** Splits `text[from, end)` into words, pairs and free text. Throws `RecordRejected` (key-value) on a malformed pair. */
export function parseBody(text: string, from: number): MerakiBody {
  const n = text.length;
  const words: string[] = [];
  let i = from;
  // bare words: tokens without `=` up to the first pair or marker
  for (;;) {
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i >= n) return { words, kv: decodeKeyValue('') };
    let j = i;
    while (j < n && text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 9 && text.charCodeAt(j) !== 61 /* = */) j++;
    if (j < n && text.charCodeAt(j) === 61) break;
    const word = text.slice(i, j);
    if (word === 'pattern:' || word === 'message:' || word === 'request:') break;
    words.push(word);
    i = j;
  }
  MARKER.lastIndex = i === 0 ? 0 : i - 1;
  const m = MARKER.exec(text);
  const kvEnd = m === null ? n : m.index;
  const kv = decodeKeyValue(text, KV_SPACE_QUOTES, i, kvEnd);
  if (m === null) return { words, kv };
  return { words, kv, marker: m[1]!, free: text.slice(m.index + m[0].length).trim() };
}
