/**
 * Zeek's JSON writer (JSON::TS_EPOCH, the default), for tests: turns a Zeek TSV log into the JSON
 * lines Zeek would have written for the same records. Unset fields are left out, sets become
 * arrays, bools true/false, numbers numbers; `_path` only when `withPath` (json-streaming-logs).
 */
export function tsvToZeekJson(tsv: string, withPath = false): string[] {
  let fields: string[] = [];
  let types: string[] = [];
  let path = '';
  const out: string[] = [];
  for (const line of tsv.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const [directive, ...rest] = line.split('\t');
      if (directive === '#fields') fields = rest;
      if (directive === '#types') types = rest;
      if (directive === '#path') path = rest[0]!;
      continue;
    }
    const tokens = line.split('\t');
    const obj: Record<string, unknown> = withPath ? { _path: path } : {};
    tokens.forEach((token, i) => {
      const type = types[i]!;
      if (token === '-') return;
      if (type.startsWith('set[') || type.startsWith('vector[')) obj[fields[i]!] = token === '(empty)' ? [] : token.split(',');
      else if (token === '(empty)') obj[fields[i]!] = '';
      else if (type === 'bool') obj[fields[i]!] = token === 'T';
      else if (['time', 'interval', 'count', 'port', 'int', 'double'].includes(type)) obj[fields[i]!] = Number(token);
      else obj[fields[i]!] = token.replace(/\\x([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    });
    out.push(JSON.stringify(obj));
  }
  return out;
}
