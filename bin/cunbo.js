#!/usr/bin/env node
// The package's command-line entry. Node ≥ 22.18 runs the TypeScript sources directly (type stripping),
// so there is no build step; npm scripts and npx put the pinned Node 22 from node_modules/.bin first.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `cunbo needs Node.js >= 22.18 (this is ${process.version}). Run it through npm (npm run chat, npx cunbo …), ` +
      'which uses the Node 22 that `npm ci` installs into node_modules/.bin.',
  );
  process.exit(1);
}
// A reader that stops early (`cunbo eval | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
