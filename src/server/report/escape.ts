/**
 * Escaping for the XML and HTML the report writes. Characters XML 1.0 cannot carry at all (most
 * control characters, lone surrogates, U+FFFE and U+FFFF) become U+FFFD, so a verification message
 * with stray bytes still gives a document every parser accepts.
 */

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // In attributes, kept as references so parsers do not normalize them to spaces.
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
}

/** Text content of an element (`<`, `&` and `>` escaped; line breaks kept). */
export function escapeText(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>]/g, (c) => ENTITIES[c] as string)
}

/** A double-quoted attribute value (`"` and whitespace other than spaces escaped too). */
export function escapeAttr(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"\n\r\t]/g, (c) => ENTITIES[c] as string)
}
