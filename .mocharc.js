// The unit, engine, LSP and CLI suites (the e2e suite and the other editors' suite run apart,
// see package.json: they need code-server, Neovim and Emacs installed). Files
// named on the command line run alone (`npx mocha out/test/engine/tasks/nli.test.js`) instead of
// being added to the whole suite.
//
// The whole suite runs its files in parallel worker processes (at least 2, even on a 2-core
// machine: many tests wait on child processes and sockets, so 2 workers there take about three
// quarters of the time of 1, and keep CI under its limit). Named files run in this process, in
// order. MOCHA_JOBS=1 runs the whole suite serially (for a failure that depends on order).
const os = require('node:os');
const named = process.argv.slice(2).some((a) => /\.test\.js$/.test(a));
const jobs = Number(process.env.MOCHA_JOBS ?? Math.min(4, Math.max(2, os.cpus().length - 1)));
module.exports = {
  ...(named ? {} : { spec: ['out/test/**/*.test.js'], ...(jobs > 1 ? { parallel: true, jobs } : {}) }),
  ignore: ['out/test/e2e/**', 'out/test/editors/**'],
  timeout: 30000,
  reporter: 'spec',
  require: ['out/test/support/rootHooks.js'],
};
