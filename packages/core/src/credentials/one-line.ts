/** One line: AWS messages may carry newlines or CI command look-alikes; the adapters guard the rest. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
