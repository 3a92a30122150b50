/**
 * Messages waiting to be sent, already cut into fragments, packed into payloads of at most the transport's size.
 * A payload holds fragments of one target (the pool or one pipeline) and one stream only, as both PowerShell's
 * out-of-proc server and WinRM expect.
 */
import { Fragmenter } from '@psrp/fragment';

export type PayloadStream = 'default' | 'prompt-response';

/** A payload of one or more whole fragments (the transports' TransportPayload). */
export interface OutboundPayload {
  /** null for the runspace pool, else the pipeline id. */
  readonly pipelineId: string | null;
  readonly stream: PayloadStream;
  readonly data: Uint8Array;
  /** True when this payload starts a CREATE_PIPELINE: the transport creates the pipeline with it. */
  readonly createsPipeline: boolean;
}

interface QueuedMessage {
  readonly pid: string | null;
  readonly stream: PayloadStream;
  readonly createsPipeline: boolean;
  readonly fragments: Uint8Array[];
  next: number;
}

export class OutboundQueue {
  #fragmenter: Fragmenter;
  #maxPayloadBytes: number;
  /** Messages from #head on are waiting (taking from the front by splice cost O(n) per message). */
  #queue: (QueuedMessage | undefined)[] = [];
  #head = 0;
  #queuedBytes = 0;

  constructor(maxPayloadBytes: number) {
    this.#maxPayloadBytes = maxPayloadBytes;
    this.#fragmenter = new Fragmenter({ maxFragmentBytes: maxPayloadBytes });
  }

  /** Messages enqueued from now on are cut to this size; those already queued keep theirs. */
  setMaxPayloadBytes(maxPayloadBytes: number): void {
    if (maxPayloadBytes === this.#maxPayloadBytes) return;
    this.#maxPayloadBytes = maxPayloadBytes;
    this.#fragmenter = new Fragmenter({ maxFragmentBytes: maxPayloadBytes });
  }

  get isEmpty(): boolean {
    return this.#head === this.#queue.length;
  }

  /** Bytes of fragments waiting, for callers that bound how much they queue ahead. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  enqueue(message: Uint8Array, pid: string | null, stream: PayloadStream, createsPipeline = false): void {
    const fragments = this.#fragmenter.fragment(message);
    for (const fragment of fragments) this.#queuedBytes += fragment.length;
    this.#queue.push({ pid, stream, createsPipeline, fragments, next: 0 });
  }

  /** The next payload, filled with as many whole fragments of the head message's target as fit. */
  take(maxBytes = this.#maxPayloadBytes): OutboundPayload | null {
    const head = this.#queue[this.#head];
    if (!head) return null;
    const limit = Math.min(maxBytes, this.#maxPayloadBytes);
    const parts: Uint8Array[] = [];
    let size = 0;
    const createsPipeline = head.createsPipeline && head.next === 0;
    while (this.#head < this.#queue.length) {
      const message = this.#queue[this.#head]!;
      if (message.pid !== head.pid || message.stream !== head.stream) break;
      // A pipeline's creation travels alone: WSMan puts it in the Command request, other data follows with Send.
      if (message !== head && (message.createsPipeline || createsPipeline)) break;
      const fragment = message.fragments[message.next]!;
      if (parts.length > 0 && size + fragment.length > limit) break;
      parts.push(fragment);
      size += fragment.length;
      message.next++;
      if (message.next === message.fragments.length) this.#dropHead();
      else if (size >= limit) break;
    }
    this.#queuedBytes -= size;
    return { pipelineId: head.pid, stream: head.stream, data: concat(parts, size), createsPipeline };
  }

  #dropHead(): void {
    // Let what was sent be collected now, not when the array is next compacted.
    this.#queue[this.#head] = undefined;
    this.#head++;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
