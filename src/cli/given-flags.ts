/**
 * Which options the command line itself gives. yargs fills in defaults and does not say which
 * values were typed, yet a flag typed with the default's value must still beat the config file:
 * so the raw arguments are read here, the way yargs reads them (`--name`, `--name=v`, `--no-name`,
 * `--camelName`, `-j 4`, `-qj4`, arrays taking every value up to the next flag).
 */
/** What reading the command line needs of an option. */
export interface FlagShape {
  type: 'string' | 'number' | 'boolean';
  /** Takes every following word up to the next flag. */
  array?: boolean;
  alias?: string | readonly string[];
}

export interface GivenFlags {
  /** Flag names (kebab-case) given on the command line. */
  flags: Set<string>;
  /** Whether positional arguments follow the command (`run specs/a.yaml`). */
  positionals: boolean;
}

interface Shape {
  takesValue: boolean;
  array: boolean;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `args` as typed after the program name (`run --rps 5 specs`); `options` the command's yargs options. */
export function givenFlags(args: readonly string[], options: Record<string, FlagShape>): GivenFlags {
  const shapes = new Map<string, Shape>();
  const aliases = new Map<string, string>();
  for (const [name, option] of Object.entries(options)) {
    shapes.set(name, { takesValue: option.type !== 'boolean', array: option.array === true });
    for (const alias of [option.alias ?? []].flat()) aliases.set(alias, name);
  }
  const flags = new Set<string>();
  let positionals = false;
  let sawCommand = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals ||= i + 1 < args.length;
      break;
    }
    let name: string | undefined;
    let inline = false;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      inline = eq !== -1;
      name = kebab(arg.slice(2, inline ? eq : undefined));
      if (!shapes.has(name) && name.startsWith('no-') && shapes.has(name.slice(3))) {
        name = name.slice(3);
        inline = true;
      }
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      // `-qj4`: each letter a flag until one that takes a value (the rest of the word is its value)
      for (let c = 1; c < arg.length; c++) {
        const letter = aliases.get(arg[c]!) ?? arg[c]!;
        flags.add(letter);
        name = letter;
        if (shapes.get(letter)?.takesValue) {
          inline = c < arg.length - 1;
          break;
        }
      }
      if (!name) continue;
      flags.delete(name);
    } else {
      // the first word is the command's name; any other one not taken as a flag's value is a positional
      if (sawCommand) positionals = true;
      sawCommand = true;
      continue;
    }
    name = aliases.get(name) ?? name;
    flags.add(name);
    const shape = shapes.get(name);
    if (!shape?.takesValue || inline) continue;
    // the flag's value(s): one word, or for a list every word up to the next flag
    if (shape.array) while (i + 1 < args.length && !args[i + 1]!.startsWith('-')) i++;
    else if (i + 1 < args.length && isValue(args[i + 1]!)) i++;
  }
  return { flags, positionals };
}

/** A word yargs takes as a flag's value: not itself a flag (`-` and negative numbers are values). */
function isValue(word: string): boolean {
  return word === '-' || !word.startsWith('-') || /^-\d/.test(word);
}
