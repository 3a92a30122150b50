/**
 * One line that says what went wrong, for people: the script's own message for its terminating error (`throw
 * 'boom'` reads `boom`), the client's message and code for everything else. No stack traces.
 */
import { PipelineFailedError, PsrpError } from '@psrp/client';
import { errorText } from './output/record-printer.js';

export function failureText(error: unknown): string {
  if (error instanceof PipelineFailedError) return error.errorRecord ? errorText(error.errorRecord) : error.message;
  if (error instanceof PsrpError) return `${oneLine(error.message)} [${error.code}]`;
  if (error instanceof Error) return oneLine(error.message);
  return oneLine(String(error));
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
