// The broker id and display name an author passes, checked before anything is written: both end up
// in source code (identifiers, quoted strings) and in the package name.
export const BROKER_ID_PATTERN = /^[a-z][a-z0-9-]{0,28}[a-z0-9]$/;

export interface BrokerNames {
  /** The broker id: the manifest's `id`, the package name's suffix (`openalgo-broker-<id>`). */
  id: string;
  /** For identifiers: `acme-bank` -> `acmeBank`. */
  camel: string;
  /** For type names and prose: `acme-bank` -> `AcmeBank`. */
  Pascal: string;
  /** The manifest's display name. */
  name: string;
}

/** Throws an Error naming the id and the rule when `id` is not a valid broker id. */
export function validateBrokerId(id: string): string {
  if (!BROKER_ID_PATTERN.test(id) || id.includes('--')) {
    throw new Error(
      `invalid broker id ${JSON.stringify(id)}: use 2-30 lowercase letters, digits and single hyphens, ` +
        'starting with a letter and not ending with a hyphen (for example "acme" or "acme-bank")',
    );
  }
  return id;
}

/** Throws an Error naming the display name when it cannot sit inside a quoted string. */
export function validateDisplayName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (name.trim() === '' || name.length > 60 || /['"`\\\u0000-\u001f]/.test(name)) {
    throw new Error(
      `invalid broker name ${JSON.stringify(name)}: use 1-60 characters without quotes, backslashes or control characters`,
    );
  }
  return name;
}

export function brokerNames(id: string, displayName?: string): BrokerNames {
  validateBrokerId(id);
  const words = id.split('-');
  const Pascal = words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
  const camel = (words[0] ?? '') + Pascal.slice(words[0]?.length ?? 0);
  const name = validateDisplayName(
    displayName ?? words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join(' '),
  );
  return { id, camel, Pascal, name };
}
