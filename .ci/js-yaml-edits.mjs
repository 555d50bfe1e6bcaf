/**
 * An edit of js-yaml made where it is bundled: the command's bundle and its loading thread's
 * (.ci/bundle-cli.mjs), and the bench's bundle of buildRunPlan (bench/load.mjs, figure 1).
 */
import { readFileSync } from 'node:fs';

/**
 * js-yaml's parser state is `{ ...DEFAULT_PARSER_OPTIONS, ...options, input, … }`. On Node 20's V8,
 * an object literal that starts by spreading an object gets a map (hidden class) of its own every
 * time once its call site has feedback: every file's state had a new map, so every `state.position`
 * in the parser went megamorphic (the stub cache's LoadIC_Megamorphic: 18 % of all instructions in
 * loading, StoreIC 7 %). The same properties, in the same order, with the same values, written
 * out: one map for every state, and the bench's files load ~30 % faster (docs/performance.md,
 * *Loading, a parser state with one shape*). The defaults must still be these two.
 */
const JS_YAML_EDITS = [
  ['var DEFAULT_PARSER_OPTIONS = {\n\tfilename: "",\n\tmaxDepth: 100\n};\n', null],
  [
    '\tconst state = {\n\t\t...DEFAULT_PARSER_OPTIONS,\n\t\t...options,\n\t\tinput: `${input}\\0`,',
    '\tconst state = {\n\t\tfilename: DEFAULT_PARSER_OPTIONS.filename,\n\t\tmaxDepth: DEFAULT_PARSER_OPTIONS.maxDepth,\n\t\t...options,\n\t\tinput: `${input}\\0`,',
  ],
];

/** js-yaml's dist/js-yaml.mjs, edited; throws when a text to edit is not there exactly once. */
export function editJsYaml(text) {
  let edited = text;
  for (const [from, to] of JS_YAML_EDITS) {
    if (edited.split(from).length !== 2) throw new Error(`js-yaml-edits: js-yaml no longer has, once: ${from}`);
    if (to !== null) edited = edited.replace(from, () => to);
  }
  return edited;
}

/** The esbuild plugin that bundles the edited js-yaml. */
export const jsYamlEdits = {
  name: 'js-yaml-edits',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]js-yaml[\\/]dist[\\/]js-yaml\.mjs$/ }, (args) => ({
      contents: editJsYaml(readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
