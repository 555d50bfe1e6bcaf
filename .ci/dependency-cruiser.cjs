// Import boundaries for src/ (run by `npm run lint:deps`, part of `npm test`).
// The folders form layers: a folder may import only folders in LOWER layers (and itself).
// That is the data flow of docs/architecture.md: spec → plan → requests → replies → verdicts → reports.
// mock/ is beside the stack: it speaks the protocol and reads YAML, and only run/ and the
// layers above it (the built-in mock target, coverage of mock definitions, the CLI) may use it.
/** @type {string[][]} lowest first */
const layers = [
  ['io', 'version.ts'],
  ['diagnostics'],
  ['yaml', 'regex', 'tables'],
  ['dialogues'],
  ['protocol', 'config'],
  ['client'],
  ['match'],
  ['results'],
  ['run'],
  ['render'],
  ['drift'],
  ['coverage', 'record', 'validate'],
  ['reporters', 'explore'],
  ['cli'],
  ['cli.ts'],
];
const mockMayImport = ['io', 'version.ts', 'diagnostics', 'yaml', 'regex', 'tables', 'protocol'];
const runLayer = layers.findIndex((l) => l.includes('run'));

const esc = (s) => s.replace(/[.]/g, '\\.');
/** `src/<folder>/…` or the top-level file `src/<name>.ts` */
const pathOf = (names) => `^src/(${names.map(esc).join('|')})($|/)`;

const rules = [
  {
    name: 'no-circular',
    comment: 'Import cycles hide the data flow and make module initialisation order matter.',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'no-orphans',
    comment: 'A module nothing imports is dead code (cli.ts and index.ts are entry points).',
    severity: 'error',
    from: { orphan: true, path: '^src/', pathNot: '^src/(cli|index)\\.ts$' },
    to: {},
  },
];
layers.forEach((layer, i) => {
  // same-layer folders do not import each other; mock is for run/ and the layers above it
  const allowed = [...layers.slice(0, i).flat(), ...(i >= runLayer ? ['mock'] : [])];
  for (const folder of layer) {
    rules.push({
      name: `layer-${folder}`,
      comment: `${folder} may import only: ${allowed.join(', ')} (lower layers; see docs/architecture.md)`,
      severity: 'error',
      from: { path: pathOf([folder]) },
      to: { path: '^src/', pathNot: [pathOf(allowed), pathOf([folder])] },
    });
  }
});
rules.push({
  name: 'layer-mock',
  comment: `mock may import only: ${mockMayImport.join(', ')} (it stands beside the runner, not on it)`,
  severity: 'error',
  from: { path: pathOf(['mock']) },
  to: { path: '^src/', pathNot: [pathOf(mockMayImport), pathOf(['mock'])] },
});
rules.push({
  name: 'folder-in-a-layer',
  comment: 'A new src/ folder must be given its place in .ci/dependency-cruiser.cjs before it imports anything.',
  severity: 'error',
  from: { path: '^src/', pathNot: [pathOf([...layers.flat(), 'mock']), '^src/index\\.ts$'] },
  to: { path: '^src/' },
});

module.exports = {
  forbidden: rules,
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
