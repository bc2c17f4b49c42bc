// Builds a platform-specific .vsix: the universal package (bundles and assets) plus
// node-llama-cpp, its JavaScript dependencies and its prebuilt llama.cpp binaries for that
// platform, so that the embedded engine works without `npm install`.
//
//   npm run package:target -- linux-x64 [--gpu vulkan,cuda] [--out FILE]
//   (targets: see TARGETS below; default output dist/biomed-nlp-<target>.vsix)
//
// The binaries come from node_modules/@node-llama-cpp/<platform>, which npm installs only for
// the machine's own platform. For another target, get that one package without touching
// node_modules (npm pack downloads its tarball; nothing is installed):
//   npm pack @node-llama-cpp/mac-arm64-metal@3.21.1 --pack-destination /some/dir
//   npm run package:target -- darwin-arm64 --binaries /some/dir
// The package is assembled in dist/stage-<target>/ (removed when done) and packed there with vsce, which takes
// the production dependencies (npm list) of that folder's package.json: node-llama-cpp only.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VSCE = path.join(ROOT, 'node_modules/.bin/vsce');

/** vsce target -> the @node-llama-cpp binary packages for it (the CPU build, or Metal on Apple silicon), and optional GPU builds. */
export const TARGETS = {
  'linux-x64': { binaries: ['linux-x64'], gpu: { vulkan: ['linux-x64-vulkan'], cuda: ['linux-x64-cuda', 'linux-x64-cuda-ext'] } },
  'linux-arm64': { binaries: ['linux-arm64'], gpu: {} },
  'linux-armhf': { binaries: ['linux-armv7l'], gpu: {} },
  'darwin-arm64': { binaries: ['mac-arm64-metal'], gpu: {} },
  'darwin-x64': { binaries: ['mac-x64'], gpu: {} },
  'win32-x64': { binaries: ['win-x64'], gpu: { vulkan: ['win-x64-vulkan'], cuda: ['win-x64-cuda', 'win-x64-cuda-ext'] } },
  'win32-arm64': { binaries: ['win-arm64'], gpu: {} },
};

/**
 * What the staged package leaves out of node_modules (deleted from the stage: .vscodeignore
 * cannot take back part of a folder it includes): the llama.cpp source bundle, used only to
 * build from source, which the engine never does (build: "never"); source maps and type
 * declarations.
 */
const LEFT_OUT = ['node_modules/node-llama-cpp/llama/gitRelease.bundle'];
const LEFT_OUT_NAMES = /\.(map|d\.ts|d\.cts|d\.mts)$/;

/** vsce target -> process.platform and process.arch, to choose optional native packages. */
function platformOf(target) {
  const [os, cpu] = target.split('-');
  return { os, cpu: cpu === 'armhf' ? 'arm' : cpu };
}

/** Whether a package's `os` and `cpu` fields (npm's rules: a list, `!x` excludes) allow `value`. */
function allows(list, value) {
  if (!Array.isArray(list) || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  const positive = list.filter((v) => !v.startsWith('!'));
  return positive.length === 0 || positive.includes(value);
}

function fail(message) {
  console.error(`package:target: ${message}`);
  process.exit(2);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Where `name` resolves from the package in `dir` (Node's node_modules walk up to ROOT), or undefined. */
function resolvePackage(name, dir) {
  for (let d = dir; d.startsWith(ROOT); d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (d === ROOT) break;
  }
  return undefined;
}

/** node-llama-cpp and its production dependencies as installed here, without any @node-llama-cpp binary package. */
function closure(entry, platform) {
  const found = new Set();
  const visit = (dir) => {
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = readJson(path.join(dir, 'package.json'));
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      const at = resolvePackage(name, dir);
      if (!at) fail(`${pkg.name} needs ${name}, which is not installed: run npm ci first.`);
      visit(at);
    }
    // Optional dependencies that are installed go along if they are for the target
    // (native ones like @reflink/reflink-linux-x64-gnu); the llama.cpp binaries are chosen below.
    for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
      if (name.startsWith('@node-llama-cpp/')) continue;
      const at = resolvePackage(name, dir);
      if (!at) continue;
      const { os, cpu } = readJson(path.join(at, 'package.json'));
      if (allows(os, platform.os) && allows(cpu, platform.cpu)) visit(at);
    }
  };
  visit(entry);
  return [...found];
}

/** Copies a package folder, without its nested node_modules (those are packages of their own). */
function copyPackage(from, to) {
  fs.cpSync(from, to, {
    recursive: true,
    dereference: true,
    filter: (src) => path.relative(from, src).split(path.sep)[0] !== 'node_modules',
  });
}

function main(argv) {
  const target = argv[0];
  if (!target || !TARGETS[target])
    fail(`usage: npm run package:target -- <${Object.keys(TARGETS).join('|')}> [--gpu vulkan,cuda] [--binaries DIR] [--out FILE]`);
  const option = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const gpus = (option('--gpu') ?? '').split(',').filter(Boolean);
  for (const g of gpus) if (!TARGETS[target].gpu[g]) fail(`no ${g} build of node-llama-cpp for ${target}`);
  const binaries = [...TARGETS[target].binaries, ...gpus.flatMap((g) => TARGETS[target].gpu[g])].map((b) => `@node-llama-cpp/${b}`);
  const out = path.resolve(option('--out') ?? path.join(ROOT, 'dist', `biomed-nlp-${target}.vsix`));
  const tarballs = option('--binaries');

  const manifest = readJson(path.join(ROOT, 'package.json'));
  const version = manifest.dependencies['node-llama-cpp'];
  const entry = resolvePackage('node-llama-cpp', ROOT);
  if (!entry) fail('node-llama-cpp is not installed: run npm ci first.');
  if (readJson(path.join(entry, 'package.json')).version !== version)
    fail(`node_modules holds another node-llama-cpp than package.json's ${version}: run npm ci.`);

  for (const f of ['dist/extension.js', 'dist/server.js']) if (!fs.existsSync(path.join(ROOT, f))) fail(`${f} is missing: run npm run build first.`);

  const stage = path.join(ROOT, 'dist', `stage-${target}`);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  // The universal package's files, as its .vscodeignore picks them.
  const listed = execFileSync(VSCE, ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const f of listed) fs.cpSync(path.join(ROOT, f), path.join(stage, f), { dereference: true });
  fs.copyFileSync(path.join(ROOT, '.vscodeignore'), path.join(stage, '.vscodeignore'));
  fs.appendFileSync(path.join(stage, '.vscodeignore'), `\n# The platform package: node-llama-cpp and its binaries for ${target}.\n!node_modules/**\n`);
  // Only node-llama-cpp is a run-time dependency: everything else is in the bundles.
  const staged = { ...manifest, dependencies: { 'node-llama-cpp': version } };
  delete staged.devDependencies;
  delete staged.scripts;
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(staged, null, 2) + '\n');

  for (const dir of closure(entry, platformOf(target))) copyPackage(dir, path.join(stage, path.relative(ROOT, dir)));
  for (const name of binaries) {
    const to = path.join(stage, 'node_modules', name);
    const installed = path.join(ROOT, 'node_modules', name);
    if (fs.existsSync(path.join(installed, 'package.json'))) {
      if (readJson(path.join(installed, 'package.json')).version !== version) fail(`${name} in node_modules is not ${version}: run npm ci.`);
      copyPackage(installed, to);
      continue;
    }
    const tgz = tarballs && path.join(tarballs, `${name.slice(1).replace('/', '-')}-${version}.tgz`);
    if (!tgz || !fs.existsSync(tgz)) {
      fail(
        `${name}@${version} (the llama.cpp binaries for ${target}) is not in node_modules: npm installs only this machine's platform.\n` +
          `Download it without installing anything, then name the folder:\n` +
          `  npm pack ${name}@${version} --pack-destination DIR\n` +
          `  npm run package:target -- ${argv.join(' ')} --binaries DIR`,
      );
    }
    fs.mkdirSync(to, { recursive: true });
    // An npm tarball holds the package under package/.
    execFileSync('tar', ['-xzf', tgz, '-C', to, '--strip-components=1']);
  }
  for (const f of LEFT_OUT) fs.rmSync(path.join(stage, f), { force: true });
  for (const f of fs.readdirSync(path.join(stage, 'node_modules'), { recursive: true })) {
    if (LEFT_OUT_NAMES.test(f)) fs.rmSync(path.join(stage, 'node_modules', f), { force: true });
  }
  // Only the chosen binary packages are present; npm list (run by vsce) would call the
  // missing optional ones unmet, not an error.
  execFileSync(VSCE, ['package', '--target', target, '--no-rewrite-relative-links', '--out', out], { cwd: stage, stdio: 'inherit' });
  fs.rmSync(stage, { recursive: true, force: true });
  console.log(`package:target: ${path.relative(ROOT, out)} (${target}: node-llama-cpp ${version} with ${binaries.join(', ')})`);
}

// Run as a script (not imported: the release workflow reads TARGETS).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
