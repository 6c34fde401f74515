#!/usr/bin/env node
// The DuckDB peer: node duckdb-vpc-counts.mjs FILE [--threads N] [--rows]
// One GROUP BY over a VPC flow v2 file (space-separated, with its header line), counting what the
// detector counts: sessions per (dstport, protocol, action, 10-minute bin of `start`), log-status OK.
// Prints {"groups", "querySeconds"} as JSON; with --rows, each group as a JSON array first.
import { DuckDBInstance } from '@duckdb/node-api';

const VPC_V2_COLUMNS = {
  version: 'INTEGER',
  'account-id': 'VARCHAR',
  'interface-id': 'VARCHAR',
  srcaddr: 'VARCHAR',
  dstaddr: 'VARCHAR',
  srcport: 'INTEGER',
  dstport: 'INTEGER',
  protocol: 'INTEGER',
  packets: 'BIGINT',
  bytes: 'BIGINT',
  start: 'BIGINT',
  end: 'BIGINT',
  action: 'VARCHAR',
  'log-status': 'VARCHAR',
};

const COUNT_PER_BIN = `
  SELECT dstport, protocol, action, start // 600 * 600 AS bin_start, count(*) AS sessions
  FROM read_csv($file, delim = ' ', header = true, nullstr = '-', columns = ${structLiteral(VPC_V2_COLUMNS)})
  WHERE "log-status" = 'OK'
  GROUP BY ALL`;

function structLiteral(columns) {
  return `{${Object.entries(columns).map(([name, type]) => `'${name}': '${type}'`).join(', ')}}`;
}

const argv = process.argv.slice(2);
const file = argv[0];
const threads = argv.includes('--threads') ? argv[argv.indexOf('--threads') + 1] : '2';
if (!file) {
  console.error('usage: duckdb-vpc-counts.mjs FILE [--threads N] [--rows]');
  process.exit(2);
}

const t0 = process.hrtime.bigint();
const db = await DuckDBInstance.create(':memory:', { threads });
const connection = await db.connect();
const result = await connection.runAndReadAll(COUNT_PER_BIN, { file });
const rows = result.getRows();
const querySeconds = Number(process.hrtime.bigint() - t0) / 1e9;

if (argv.includes('--rows')) {
  const lines = rows.map((r) => JSON.stringify(r.map((v) => (typeof v === 'bigint' ? Number(v) : v))));
  process.stdout.write(lines.join('\n') + '\n');
}
process.stdout.write(JSON.stringify({ groups: rows.length, querySeconds }) + '\n');
