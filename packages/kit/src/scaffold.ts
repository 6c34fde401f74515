import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workspaceRoot } from '@asimkit/core';
import { ConfigError, pluginManifestSchema, SDK_VERSION } from '@asimkit/sdk';

/** What the new plugin reads: its raw form decides the starter decoder, parser and fixture. */
export const PLUGIN_KINDS = ['line', 'cef', 'syslog', 'json', 'table'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

const KIND_SUMMARY: Record<PluginKind, string> = {
  line: 'raw text lines of its own format (one session per line) and exported rows of its custom table',
  cef: 'CEF over syslog through the shared `cef-syslog` codec, and exported CommonSecurityLog rows, claimed by DeviceVendor/DeviceProduct',
  syslog: 'syslog lines with a key=value message through the shared `syslog` codec, and exported Syslog rows, claimed by the process name',
  json: 'raw JSON records (JSON lines, a JSON array or a `{"records": [...]}` document) and exported rows of its custom table',
  table: 'exported rows of its custom table only (CSV with header, JSON array or JSON lines)',
};

export interface ScaffoldRequest {
  readonly id: string;
  readonly kind: PluginKind;
  /** The directory the plugin's own directory (`<dir>/<id>`) is created in. */
  readonly dir: string;
  readonly vendor?: string;
  readonly product?: string;
}

export interface Scaffolded {
  /** The plugin's directory. */
  readonly dir: string;
  /** Files written, relative to `dir`. */
  readonly files: string[];
  /** Whether it was created in this workspace's `plugins/` (workspace dependencies, the repo's tsconfig). */
  readonly inRepo: boolean;
}

/** The names a plugin's files use, derived from its id. */
export interface PluginNames {
  readonly id: string;
  readonly pascal: string;
  readonly vendor: string;
  readonly product: string;
  readonly table: string;
  /** The syslog APP-NAME the starter claims (syslog kind). */
  readonly app: string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function pluginNames(id: string, kind: PluginKind, vendor?: string, product?: string): PluginNames {
  const words = id.split('-');
  const pascal = words.map(capital).join('');
  const table = kind === 'cef' ? 'CommonSecurityLog' : kind === 'syslog' ? 'Syslog' : `${pascal}_CL`;
  return {
    id,
    pascal,
    vendor: vendor ?? capital(words[0]!),
    product: product ?? (words.length > 1 ? words.slice(1).map(capital).join(' ') : capital(words[0]!)),
    table,
    app: words.join(''),
  };
}

const TEMPLATES = fileURLToPath(new URL('../templates', import.meta.url));

/** Writes a complete plugin package: manifest, tsconfig, src, a fixture, README, a bench generator. */
export function scaffoldPlugin(req: ScaffoldRequest): Scaffolded {
  if (!pluginManifestSchema.shape.id.safeParse(req.id).success) {
    throw new ConfigError('bad-plugin-id', `plugin id "${req.id}" must be kebab-case, e.g. acme-fw`);
  }
  if (!(PLUGIN_KINDS as readonly string[]).includes(req.kind)) {
    throw new ConfigError('bad-flag', `--kind must be one of ${PLUGIN_KINDS.join(', ')}, not "${req.kind}"`);
  }
  const parent = resolve(req.dir);
  const dir = join(parent, req.id);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new ConfigError('plugin-dir-not-empty', `${dir} exists and is not empty; choose another --dir or id`);
  if (existsSync(parent) && !statSync(parent).isDirectory()) throw new ConfigError('bad-flag', `--dir ${parent} is not a directory`);
  const root = workspaceRoot();
  const inRepo = root !== undefined && parent === join(root, 'plugins');
  const names = pluginNames(req.id, req.kind, req.vendor, req.product);

  const files = new Map<string, string>();
  for (const base of [join(TEMPLATES, 'common'), join(TEMPLATES, req.kind)]) {
    for (const file of walk(base)) files.set(relative(base, file).replace(/\.tpl$/, ''), fill(readFileSync(file, 'utf8'), names));
  }
  files.set('package.json', JSON.stringify(packageJson(names, req.kind, inRepo), null, 2) + '\n');
  files.set('tsconfig.json', JSON.stringify(tsconfig(inRepo, root, dir), null, 2) + '\n');
  files.set('README.md', readme(names, req.kind, inRepo));
  if (!inRepo) files.set('.gitignore', 'node_modules/\ndist/\n');

  for (const [name, text] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, files: [...files.keys()].sort(), inRepo };
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function fill(text: string, n: PluginNames): string {
  return text
    .replaceAll('__ID__', n.id)
    .replaceAll('__Pascal__', n.pascal)
    .replaceAll('__VENDOR__', n.vendor)
    .replaceAll('__PRODUCT__', n.product)
    .replaceAll('__TABLE__', n.table)
    .replaceAll('__APP__', n.app);
}

/** The SDK range a new plugin declares: this SDK's minor series (0.x: the minor is the breaking part). */
export function sdkRange(): string {
  return `^${SDK_VERSION}`;
}

function packageJson(n: PluginNames, kind: PluginKind, inRepo: boolean): Record<string, unknown> {
  const sdk = inRepo ? 'workspace:*' : sdkRange();
  return {
    name: inRepo ? `@asimkit/plugin-${n.id}` : `asimkit-plugin-${n.id}`,
    version: '0.1.0',
    ...(inRepo ? { private: true } : {}),
    description: `${n.vendor} ${n.product} (${KIND_SUMMARY[kind].split(',')[0]}) to ASIM NetworkSession`,
    keywords: ['asimkit-plugin'],
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist'],
    // in the repository, the entry is then bundled into one file, as every in-repo plugin's (scripts/bundle-entry.mjs)
    scripts: { build: inRepo ? 'tsc -p tsconfig.json && node ../../scripts/bundle-entry.mjs' : 'tsc -p tsconfig.json', test: 'asim plugin test .' },
    // the host (asim) provides the SDK and the schema: a plugin never bundles its own copies
    peerDependencies: { '@asimkit/schema': inRepo ? 'workspace:^' : sdkRange(), '@asimkit/sdk': inRepo ? 'workspace:^' : sdkRange() },
    devDependencies: { '@asimkit/schema': sdk, '@asimkit/sdk': sdk, ...(inRepo ? {} : { typescript: '5.9.3' }) },
    asimkit: {
      id: n.id,
      connectorId: `${n.pascal}`,
      dataTypes: [n.table],
      vendor: n.vendor,
      product: n.product,
      entry: './dist/index.js',
      sdk: sdkRange(),
    },
  };
}

function tsconfig(inRepo: boolean, root: string | undefined, dir: string): Record<string, unknown> {
  if (inRepo) return { extends: relative(dir, join(root!, 'tsconfig.base.json')), compilerOptions: { rootDir: 'src', outDir: 'dist' }, include: ['src'] };
  return {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023'],
      types: [],
      strict: true,
      // as the repository's tsconfig.base.json: a template must compile in both places
      noImplicitOverride: true,
      declaration: true,
      sourceMap: true,
      skipLibCheck: true,
      experimentalDecorators: true,
      rootDir: 'src',
      outDir: 'dist',
    },
    include: ['src'],
  };
}

const FORMS: Record<PluginKind, string> = { line: 'raw, table', cef: 'raw, table', syslog: 'raw, table', json: 'raw, table', table: 'table' };

const SOURCE_COLUMN: Record<PluginKind, Record<string, string>> = {
  line: { EventTime: 'field 1', Device: 'field 2', Kind: 'field 3', Action: 'field 4', Protocol: 'field 5', SrcIp: 'field 6', SrcPort: 'field 7', DstIp: 'field 8', DstPort: 'field 9', SentBytes: 'field 10', ReceivedBytes: 'field 11' },
  json: { EventTime: '`time`', Device: '`device`', Kind: '`kind`', Action: '`action`', Protocol: '`proto`', SrcIp: '`src.ip`', SrcPort: '`src.port`', DstIp: '`dst.ip`', DstPort: '`dst.port`', SentBytes: '`bytes.sent`', ReceivedBytes: '`bytes.received`' },
  table: { EventTime: 'EventTime', Device: 'Device', Kind: 'Kind', Action: 'Action', Protocol: 'Protocol', SrcIp: 'SrcIp', SrcPort: 'SrcPort', DstIp: 'DstIp', DstPort: 'DstPort', SentBytes: 'SentBytes', ReceivedBytes: 'ReceivedBytes' },
  syslog: { EventTime: 'syslog header time', Device: 'syslog HOSTNAME', Kind: '`kind=`', Action: '`action=`', Protocol: '`proto=`', SrcIp: '`src=`', SrcPort: '`sport=`', DstIp: '`dst=`', DstPort: '`dport=`', SentBytes: '`sent=`', ReceivedBytes: '`rcvd=`' },
  cef: { EventTime: '`rt` (ReceiptTime), else the syslog header', Device: '`dvchost` (DeviceName), else Computer', Kind: 'Activity', Action: '`act` (DeviceAction)', Protocol: '`proto` (Protocol)', SrcIp: '`src` (SourceIP)', SrcPort: '`spt` (SourcePort)', DstIp: '`dst` (DestinationIP)', DstPort: '`dpt` (DestinationPort)', SentBytes: '`out` (SentBytes)', ReceivedBytes: '`in` (ReceivedBytes)' },
};

function readme(n: PluginNames, kind: PluginKind, inRepo: boolean): string {
  const col = SOURCE_COLUMN[kind];
  const row = (asim: string, from: string, how: string) => `| ${asim} | ${from} | ${how} |`;
  const test = inRepo ? 'pnpm exec asim plugin test plugins/' + n.id : 'asim plugin test .';
  return `# ${n.id}: ${n.vendor} ${n.product} → ASIM NetworkSession 0.2.4

Reads ${KIND_SUMMARY[kind]}. Forms: ${FORMS[kind]}. Table: \`${n.table}\`.

> Scaffolded by \`asim plugin new ${n.id} --kind ${kind}\`: the format, the fixture and the mapping
> below are a starting point. Replace them with the source's real format and say where each
> decision comes from.

## Try it

\`\`\`sh
${inRepo ? 'pnpm build' : 'npm install && npm run build     # or let `asim plugin test` build it with the host\'s TypeScript'}
${test}              # golden fixtures, manifest, forms, sniffing, ASIM validity, fuzz
${test} --update     # rewrite test/fixtures/*.expected.jsonl after a deliberate change; review the diff
${inRepo ? `pnpm exec asim normalize --source ${n.id} plugins/${n.id}/test/fixtures/` : `ASIMKIT_PLUGIN_DIRS=.. asim normalize --source ${n.id} test/fixtures/`}
\`\`\`

## Mapping

| ASIM field | from | how |
|---|---|---|
${[
  row('TimeGenerated, EventStartTime, EventEndTime', col.EventTime!, 'the record\'s own time; else the table\'s TimeGenerated; else the receive time, noted in AdditionalFields.TimeGeneratedSource'),
  row('Type', '—', `\`${n.table}\``),
  row('EventType', '—', '`NetworkSession` (one session per record)'),
  row('EventCount', '—', '1'),
  row('EventResult, EventSeverity', col.Action!, 'from DvcAction (R6, R7): Deny/Drop/Reset → Failure, Low; otherwise Success, Informational'),
  row('EventVendor, EventProduct', '—', `\`${n.vendor}\`, \`${n.product}\``),
  row('Dvc, DvcHostname', col.Device!, 'as is'),
  row('DvcAction', col.Action!, 'allow → Allow, deny → Deny, drop → Drop, reset → Reset; other values: absent'),
  row('DvcOriginalAction', col.Action!, 'as is'),
  row('NetworkProtocol', col.Protocol!, 'tcp/udp/icmp → TCP/UDP/ICMP (IANA keywords); other values: absent, kept in AdditionalFields.OriginalProtocol'),
  row('SrcIpAddr, SrcPortNumber', `${col.SrcIp}, ${col.SrcPort}`, 'as is; `-` or empty: absent'),
  row('DstIpAddr, DstPortNumber', `${col.DstIp}, ${col.DstPort}`, 'as is; `-` or empty: absent'),
  row('SrcBytes, DstBytes, NetworkBytes', `${col.SentBytes}, ${col.ReceivedBytes}`, 'as is; NetworkBytes their sum when both are known (R16)'),
  row('(skipped)', col.Kind!, 'records whose kind is not `traffic`: `not a traffic record`'),
].join('\n')}

Malformed records are rejected with a reason: a wrong field count, a port or byte count that is
not an integer in range, a time that is not one.

## Deviations

Every place this plugin differs from Microsoft's reference ASIM parser for the source, and why.

| Microsoft's parser | this plugin | why |
|---|---|---|
| (none yet) | | |

## Benchmark input

\`bench/generator.mjs\` writes deterministic synthetic input in the shape of \`pnpm bench\`'s
generators (\`{ source, write(path, n) }\`).${inRepo ? ` Register it in \`bench/generators.mjs\` to include it in \`pnpm bench\`.` : ''}
`;
}
