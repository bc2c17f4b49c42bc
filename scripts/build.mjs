// Bundles the client and the server (and the CLI later) with esbuild, so that the
// packaged extension needs no node_modules at run time.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};
const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching client and server sources');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
