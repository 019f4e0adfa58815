#!/usr/bin/env node
// `npm start`: build, make sure Electron and an Electron-ABI better-sqlite3 exist, launch.
//
// Why a separate native build: `npm install` compiles better-sqlite3 for Node's ABI (tests,
// browser mode, CLI). Electron embeds a different V8, so the desktop needs its own copy of
// better_sqlite3.node. We fetch (prebuild-install) or compile (node-gyp, Electron headers) it
// into .electron-native/ on first start and hand its path to main, which opens the database
// with better-sqlite3's `nativeBinding` option. node_modules stays Node-ABI, so `npm test`
// keeps working. Both steps need internet once; nothing in install, build or test needs them.
import { spawnSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const run = (cmd, args, cwd = root) => spawnSync(cmd, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' })
const fail = (msg) => {
  console.error(`\nnpm start: ${msg}\n(Browser mode works offline: npm run serve)`)
  process.exit(1)
}

// 1. Electron binary (downloaded by the electron package on first use; needs internet once).
let electronBin
try {
  electronBin = require('electron') // returns the executable path, downloading it if needed
} catch (e) {
  fail(`the Electron binary is not available and could not be downloaded (${e.message}).`)
}
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version

// 2. Electron-ABI better-sqlite3.
const nativeDir = join(root, '.electron-native')
const binding = join(nativeDir, 'better_sqlite3.node')
const stamp = join(nativeDir, 'electron-version.txt')
const stampOk = existsSync(binding) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === electronVersion
if (!stampOk) {
  console.log(`Preparing better-sqlite3 for Electron ${electronVersion} (one time)…`)
  const src = join(nativeDir, 'src')
  rmSync(src, { recursive: true, force: true })
  mkdirSync(nativeDir, { recursive: true })
  cpSync(dirname(require.resolve('better-sqlite3/package.json')), src, { recursive: true, filter: (p) => !p.includes(`${join('build', 'Release', 'obj')}`) })
  rmSync(join(src, 'build'), { recursive: true, force: true })
  const prebuild = join(root, 'node_modules', '.bin', 'prebuild-install')
  let r = run(prebuild, ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], src)
  if (r.status !== 0) {
    console.log('No prebuilt binary; compiling against Electron headers…')
    r = run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], src)
  }
  const built = join(src, 'build', 'Release', 'better_sqlite3.node')
  if (r.status !== 0 || !existsSync(built)) fail('could not build better-sqlite3 for Electron.')
  copyFileSync(built, binding)
  writeFileSync(stamp, electronVersion)
}

// 3. Build main, preload and renderer, then launch.
if (run(join(root, 'node_modules', '.bin', 'electron-vite'), ['build']).status !== 0) fail('build failed.')
const child = spawn(electronBin, [root, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WORKBENCH_NATIVE_BINDING: binding },
})
child.on('exit', (code) => process.exit(code ?? 0))
