/**
 * Runs input through a Defragmenter and records everything observable, so that two engines can be
 * compared on any input, valid or hostile.
 */
import { Base64Defragmenter, Defragmenter, FragmentError, tsEngine } from '../src/index.js';
import type { Base64DefragmenterOptions, DefragmenterOptions, FragmentEngine } from '../src/index.js';

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

/** Anything that takes inputs one at a time, returns completed messages and can be told the input ended. */
interface Receiver<Input> {
  push(input: Input): Uint8Array[];
  finish(): void;
}

function outcomeOf<Input>(receiver: Receiver<Input>, inputs: readonly Input[]): Outcome {
  const messages: Uint8Array[] = [];
  try {
    for (const input of inputs) messages.push(...receiver.push(input));
  } catch (error) {
    return { messages, error: describeError(error) };
  }
  try {
    receiver.finish();
    return { messages, finished: true };
  } catch (error) {
    return { messages, finished: false, error: describeError(error) };
  }
}

export function defragmentOutcome(
  engine: FragmentEngine,
  chunks: readonly Uint8Array[],
  options: DefragmenterOptions = {},
): Outcome {
  return outcomeOf(new Defragmenter({ ...options, engine }), chunks);
}

/** The reference for base64 text: each text decoded whole by the TS path, then pushed as bytes. */
export function decodeThenPushOutcome(texts: readonly string[], options: DefragmenterOptions = {}): Outcome {
  const defragmenter = new Defragmenter({ ...options, engine: tsEngine });
  return outcomeOf({ push: (text: string) => defragmenter.push(tsEngine.decodeBase64(text)), finish: () => defragmenter.finish() }, texts);
}

/**
 * How a test hands texts to a Base64Defragmenter: `push` (messages handed over), `pushBorrowed`
 * (each lent message copied as it is read), or `alternating` between the two, text by text.
 */
export type Base64Delivery = 'push' | 'pushBorrowed' | 'alternating';
export const BASE64_DELIVERIES: readonly Base64Delivery[] = ['push', 'pushBorrowed', 'alternating'];

export function base64DefragmentOutcome(
  engine: FragmentEngine,
  texts: readonly string[],
  options: Base64DefragmenterOptions = {},
  delivery: Base64Delivery = 'push',
): Outcome {
  const defragmenter = new Base64Defragmenter({ ...options, engine });
  let count = 0;
  const push = (text: string): Uint8Array[] => {
    const borrowed = delivery === 'pushBorrowed' || (delivery === 'alternating' && count++ % 2 === 1);
    if (!borrowed) return defragmenter.push(text);
    const read: Uint8Array[] = [];
    defragmenter.pushBorrowed(text, (message) => read.push(message.slice()));
    return read;
  };
  // Messages handed over are compared only at the end: memory recycled too early would show.
  return outcomeOf({ push, finish: () => defragmenter.finish() }, texts);
}

export function base64Outcome(engine: FragmentEngine, text: string): Uint8Array | Record<string, unknown> {
  try {
    return engine.decodeBase64(text);
  } catch (error) {
    return describeError(error);
  }
}
