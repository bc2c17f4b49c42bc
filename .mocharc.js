// The unit, engine, LSP and CLI suites (the e2e suite and the other editors' suite run apart,
// see package.json: they need code-server, Neovim and Emacs installed). Files
// named on the command line run alone (`npx mocha out/test/engine/tasks/nli.test.js`) instead of
// being added to the whole suite.
const named = process.argv.slice(2).some((a) => /\.test\.js$/.test(a));
module.exports = {
  ...(named ? {} : { spec: ['out/test/**/*.test.js'] }),
  ignore: ['out/test/e2e/**', 'out/test/editors/**'],
  timeout: 30000,
  reporter: 'spec',
  require: ['out/test/support/rootHooks.js'],
};
