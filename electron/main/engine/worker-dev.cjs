// Runs the TypeScript worker entry without a build (browser mode, CLIs, tests): tsx compiles
// it on load. The desktop build bundles worker.ts to out/main/worker.js and skips this file.
require('tsx/cjs')
require(require('node:path').join(__dirname, 'worker.ts'))
