/**
 * @module out-of-proc/create-pipeline-input
 * Whether a CREATE_PIPELINE (MS-PSRP 2.2.2.10) announces input: its `NoInput` property decides whether the server
 * runs the pipeline at once or waits for END_OF_PIPELINE_INPUT. Read by a bounded match on the client's CLIXML,
 * never by an XML parser, so nothing in the message is expanded or resolved.
 */
const NO_INPUT_PATTERN = /<B N="NoInput">(true|false)<\/B>/;

/** True when the pipeline takes input, false when it runs without, null when the message does not say. */
export function createPipelineTakesInput(data: Uint8Array): boolean | null {
  const match = NO_INPUT_PATTERN.exec(new TextDecoder('utf-8', { fatal: false }).decode(data));
  return match ? match[1] === 'false' : null;
}
