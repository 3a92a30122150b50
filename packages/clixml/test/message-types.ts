/** PSRP message type numbers these tests look for (MS-PSRP 2.2.1). */
export const MESSAGE_TYPE = {
  sessionCapability: 0x00010002,
  initRunspacePool: 0x00010004,
  createPipeline: 0x00021006,
  pipelineInput: 0x00041002,
  pipelineOutput: 0x00041004,
  errorRecord: 0x00041005,
  pipelineState: 0x00041006,
  progressRecord: 0x00041010,
} as const;
