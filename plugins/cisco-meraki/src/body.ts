import { forEachKeyValue, KV_SPACE_QUOTES } from '@asimkit/sdk';

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
  /** The keys of `kv`, in the order they first appear. */
  readonly keys: readonly string[];
  /** The marker word (`pattern`, `message`, `request`), when there is one. */
  readonly marker?: string;
  /** The text after the marker, trimmed. */
  readonly free?: string;
}

const MARKERS = ['pattern:', 'message:', 'request:'] as const;

const isBlank = (c: number): boolean => c === 32 || c === 9;

/** The first marker word at or after `from` that starts a token and ends one: its index, or -1. */
function markerAt(text: string, from: number): { at: number; word: string } | undefined {
  let best: { at: number; word: string } | undefined;
  for (const word of MARKERS) {
    for (let at = text.indexOf(word, from); at >= 0 && (best === undefined || at < best.at); at = text.indexOf(word, at + 1)) {
      const end = at + word.length;
      if ((at === from || isBlank(text.charCodeAt(at - 1))) && (end === text.length || isBlank(text.charCodeAt(end)))) {
        best = { at, word };
        break;
      }
    }
  }
  return best;
}

/** Splits `text[from, end)` into words, pairs and free text. Throws `RecordRejected` (key-value) on a malformed pair. */
export function parseBody(text: string, from: number): MerakiBody {
  const n = text.length;
  const words: string[] = [];
  const kv = Object.create(null) as Record<string, string>;
  const keys: string[] = [];
  let i = from;
  // bare words: tokens without `=` up to the first pair or marker
  for (;;) {
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    if (i >= n) return { words, kv, keys };
    let j = i;
    while (j < n && !isBlank(text.charCodeAt(j)) && text.charCodeAt(j) !== 61 /* = */) j++;
    if (j < n && text.charCodeAt(j) === 61) break;
    const word = text.slice(i, j);
    if (word === 'pattern:' || word === 'message:' || word === 'request:') break;
    words.push(word);
    i = j;
  }
  const marker = markerAt(text, i);
  forEachKeyValue(
    text,
    KV_SPACE_QUOTES,
    (k, v) => {
      if (kv[k] === undefined) keys.push(k);
      kv[k] = v;
    },
    i,
    marker === undefined ? n : marker.at,
  );
  if (marker === undefined) return { words, kv, keys };
  return { words, kv, keys, marker: marker.word.slice(0, -1), free: text.slice(marker.at + marker.word.length).trim() };
}
