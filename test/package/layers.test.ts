/**
 * The import direction between the layers is enforced by the compiler: each layer is a
 * composite TypeScript project whose `references` name the only layers it may import from
 * (see tsconfig.json). These tests prove it with the repository's own tsc. For each
 * direction, a probe project in a scratch folder under out/ `extends` the importing layer's
 * tsconfig (its compiler options, `composite` included, and its `include`, so all its files),
 * takes over the layer's references (`extends` does not carry them), and adds one probe file
 * that imports a file of the other layer. A forbidden direction must fail with TS6307 (the
 * imported file is not in the project) at the probe's import; an allowed one must compile.
 * The source tree is never touched. The referenced layers' declarations must have been built
 * (`tsc -b`, which every mocha run follows).
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Each layer and the folder of its tsconfig.json. */
const LAYERS = {
  engine: 'server/src/engine',
  protocol: 'server/src/protocol',
  lsp: 'server/src/lsp',
  cli: 'server/src/cli',
  client: 'client/src',
  test: 'test',
} as const;
type Layer = keyof typeof LAYERS;

/** The layers each layer may import from: exactly its project references. */
const ALLOWED: Record<Layer, Layer[]> = {
  engine: [],
  protocol: ['engine'],
  lsp: ['engine', 'protocol'],
  cli: ['engine'],
  client: ['protocol'],
  test: ['engine', 'protocol', 'lsp', 'cli', 'client'],
};

interface Probe {
  title: string;
  from: Layer;
  /** The imported file, relative to the repository root. */
  target: string;
  allowed: boolean;
}

const PROBES: Probe[] = [
  { title: 'engine → lsp does not compile', from: 'engine', target: 'server/src/lsp/settings.ts', allowed: false },
  { title: 'engine → cli does not compile', from: 'engine', target: 'server/src/cli/args.ts', allowed: false },
  { title: 'engine → protocol does not compile', from: 'engine', target: 'server/src/protocol/protocol.ts', allowed: false },
  { title: 'cli → lsp does not compile', from: 'cli', target: 'server/src/lsp/settings.ts', allowed: false },
  { title: 'cli → protocol does not compile', from: 'cli', target: 'server/src/protocol/protocol.ts', allowed: false },
  { title: 'client → lsp does not compile', from: 'client', target: 'server/src/lsp/settings.ts', allowed: false },
  { title: 'lsp → engine compiles', from: 'lsp', target: 'server/src/engine/types.ts', allowed: true },
];

function configOf(layer: Layer): string {
  return path.join(ROOT, LAYERS[layer], 'tsconfig.json');
}

/** The tsconfig files that a tsconfig references, as absolute paths. */
function referencedConfigs(config: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    config,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  assert.ok(parsed, `cannot read ${config}`);
  return (parsed.projectReferences ?? []).map((r) => {
    const p = path.resolve(r.path);
    return p.endsWith('.json') ? p : path.join(p, 'tsconfig.json');
  });
}

interface TscResult {
  code: number;
  output: string;
  probeFile: string;
}

/**
 * Writes the probe project of `from` into a fresh folder below `scratch`, its probe file
 * importing each of `targets` (one line each), and runs tsc on it.
 */
function runProbe(from: Layer, targets: string[], scratch: string): Promise<TscResult> {
  const dir = fs.mkdtempSync(path.join(scratch, `${from}-`));
  const probeFile = path.join(dir, 'probe.ts');
  const lines = targets.map((t) => {
    let spec = path.relative(dir, path.join(ROOT, t)).replace(/\\/g, '/').replace(/\.ts$/, '');
    if (!spec.startsWith('.')) spec = `./${spec}`;
    return `export * from '${spec}';\n`;
  });
  fs.writeFileSync(probeFile, lines.join(''));
  const config = {
    extends: configOf(from),
    compilerOptions: {
      // The probe lies outside the layer's folder; nothing is written but into this folder.
      rootDir: ROOT,
      noEmit: true,
      outDir: path.join(dir, 'out'),
      tsBuildInfoFile: path.join(dir, 'probe.tsbuildinfo'),
    },
    // Added to the `include` inherited from the layer: its files plus the probe.
    files: ['probe.ts'],
    references: referencedConfigs(configOf(from)).map((p) => ({ path: p })),
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [TSC, '-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 170_000 },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code !== 'number') return reject(err);
        resolve({ code: err ? ((err as unknown as { code: number }).code as number) : 0, output: stdout + stderr, probeFile });
      },
    );
  });
}

/** The files that TS6307 ("is not listed within the file list of project") names at the probe's imports. */
function outsideProjectAtProbe(r: TscResult): string[] {
  const files: string[] = [];
  for (const line of r.output.split(/\r?\n/)) {
    const m = /^(.*?)\(\d+,\d+\): error TS6307: File '(.*?)' is not listed within the file list of project /.exec(line);
    if (m && path.resolve(ROOT, m[1]) === r.probeFile) files.push(path.resolve(m[2]));
  }
  return files;
}

describe('layers: the compiler enforces the import direction (project references)', function () {
  this.timeout(180_000);
  this.slow(30_000);

  let scratch = '';
  const results = new Map<Layer, Promise<TscResult>>();

  before(function () {
    fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true });
    scratch = fs.mkdtempSync(path.join(ROOT, 'out', 'layers-probe-'));
    // One tsc run per importing layer, each importing all that layer's probe targets; every
    // run at once, and each test awaits its layer's. A layer with an allowed probe gets no
    // forbidden one, so that its run must pass.
    const layers = [...new Set(PROBES.map((p) => p.from))];
    for (const layer of layers) {
      const probes = PROBES.filter((p) => p.from === layer);
      assert.ok(
        probes.every((p) => p.allowed === probes[0].allowed),
        `${layer}: allowed and forbidden probes in one run`,
      );
      const r = runProbe(
        layer,
        probes.map((p) => p.target),
        scratch,
      );
      r.catch(() => undefined);
      results.set(layer, r);
    }
  });

  after(async function () {
    await Promise.allSettled(results.values());
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('each layer references exactly the layers it may import; the root tsconfig builds them all', function () {
    for (const layer of Object.keys(LAYERS) as Layer[]) {
      assert.deepEqual(referencedConfigs(configOf(layer)).sort(), ALLOWED[layer].map(configOf).sort(), `references of ${LAYERS[layer]}/tsconfig.json`);
    }
    const root = path.join(ROOT, 'tsconfig.json');
    assert.deepEqual(ts.readConfigFile(root, ts.sys.readFile).config?.files, [], 'the root tsconfig.json compiles no files itself');
    assert.deepEqual(referencedConfigs(root).sort(), (Object.keys(LAYERS) as Layer[]).map(configOf).sort());
  });

  for (const probe of PROBES) {
    it(`${probe.title} (${LAYERS[probe.from]} importing ${probe.target})`, async function () {
      const r = await results.get(probe.from)!;
      if (probe.allowed) {
        assert.equal(r.code, 0, `tsc rejected an allowed import:\n${r.output}`);
      } else {
        assert.notEqual(r.code, 0, `tsc accepted a forbidden import of ${probe.target} from ${LAYERS[probe.from]}`);
        assert.ok(outsideProjectAtProbe(r).includes(path.join(ROOT, probe.target)), `expected TS6307 for ${probe.target} at the probe's import:\n${r.output}`);
      }
    });
  }
});
