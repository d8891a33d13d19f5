/** The `yaml` emitter drops a final newline in some documents; files in git should keep one. */
export function ensureTrailingNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
