const PLACEHOLDER = /\{\{([a-zA-Z][a-zA-Z0-9]*)\}\}/g;

/** Thrown when a template names a value the generator does not provide (a typo in a template). */
export class UnknownPlaceholderError extends Error {
  constructor(readonly placeholder: string, readonly template: string) {
    super(`${template}: unknown placeholder {{${placeholder}}}`);
    this.name = 'UnknownPlaceholderError';
  }
}

/**
 * Replaces `{{key}}` with `values[key]`. Unknown keys fail loudly instead of leaving `{{...}}` in a
 * generated file, which would only surface much later as a confusing compile or deploy error.
 */
export function renderTemplate(text: string, values: Readonly<Record<string, string>>, template: string): string {
  return text.replace(PLACEHOLDER, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new UnknownPlaceholderError(key, template);
    return value;
  });
}
