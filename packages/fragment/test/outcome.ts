/**
 * Runs input through a Defragmenter and records everything observable, so that two engines can be
 * compared on any input, valid or hostile.
 */
import { Defragmenter, FragmentError } from '../src/index.js';
import type { DefragmenterOptions, FragmentEngine } from '../src/index.js';

export interface Outcome {
  messages: Uint8Array[];
  /** The error's name, code, message and structured fields, if one was thrown. */
  error?: Record<string, unknown>;
  /** Whether finish() found the stream complete, when no error came before. */
  finished?: boolean;
}

function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof FragmentError)) throw error; // anything else is a crash: fail the test
  return { ...error, name: error.name, code: error.code, message: error.message };
}

export function defragmentOutcome(
  engine: FragmentEngine,
  chunks: readonly Uint8Array[],
  options: DefragmenterOptions = {},
): Outcome {
  const defragmenter = new Defragmenter({ ...options, engine });
  const messages: Uint8Array[] = [];
  try {
    for (const chunk of chunks) messages.push(...defragmenter.push(chunk));
  } catch (error) {
    return { messages, error: describeError(error) };
  }
  try {
    defragmenter.finish();
    return { messages, finished: true };
  } catch (error) {
    return { messages, finished: false, error: describeError(error) };
  }
}

export function base64Outcome(engine: FragmentEngine, text: string): Uint8Array | Record<string, unknown> {
  try {
    return engine.decodeBase64(text);
  } catch (error) {
    return describeError(error);
  }
}
