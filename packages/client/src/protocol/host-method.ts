/**
 * MS-PSRP 2.2.3.17 Host Method Identifier: the 56 PSHost, PSHostUserInterface and PSHostRawUserInterface methods
 * a server can call on the client (RUNSPACEPOOL_HOST_CALL / PIPELINE_HOST_CALL, `mi`). The names are the spec's,
 * which are also the `<ToString>` of PowerShell's `RemoteHostMethodId` enum on the wire.
 *
 * A method "returns" when the spec's Return Value column names a type; for the others the client MUST NOT send a
 * host response (spec 2.2.3.17). PowerShell sends those calls with call id -100.
 */
export const HostMethodId = {
  GetName: 1,
  GetVersion: 2,
  GetInstanceId: 3,
  GetCurrentCulture: 4,
  GetCurrentUICulture: 5,
  SetShouldExit: 6,
  EnterNestedPrompt: 7,
  ExitNestedPrompt: 8,
  NotifyBeginApplication: 9,
  NotifyEndApplication: 10,
  ReadLine: 11,
  ReadLineAsSecureString: 12,
  Write1: 13,
  Write2: 14,
  WriteLine1: 15,
  WriteLine2: 16,
  WriteLine3: 17,
  WriteErrorLine: 18,
  WriteDebugLine: 19,
  WriteProgress: 20,
  WriteVerboseLine: 21,
  WriteWarningLine: 22,
  Prompt: 23,
  PromptForCredential1: 24,
  PromptForCredential2: 25,
  PromptForChoice: 26,
  GetForegroundColor: 27,
  SetForegroundColor: 28,
  GetBackgroundColor: 29,
  SetBackgroundColor: 30,
  GetCursorPosition: 31,
  SetCursorPosition: 32,
  GetWindowPosition: 33,
  SetWindowPosition: 34,
  GetCursorSize: 35,
  SetCursorSize: 36,
  GetBufferSize: 37,
  SetBufferSize: 38,
  GetWindowSize: 39,
  SetWindowSize: 40,
  GetWindowTitle: 41,
  SetWindowTitle: 42,
  GetMaxWindowSize: 43,
  GetMaxPhysicalWindowSize: 44,
  GetKeyAvailable: 45,
  ReadKey: 46,
  FlushInputBuffer: 47,
  /** SetBufferContents(Rectangle, BufferCell): fill (parameters checked against PowerShell 7.6). */
  SetBufferContents1: 48,
  /** SetBufferContents(Coordinates, BufferCell[,]): copy. */
  SetBufferContents2: 49,
  GetBufferContents: 50,
  ScrollBufferContents: 51,
  PushRunspace: 52,
  PopRunspace: 53,
  GetIsRunspacePushed: 54,
  GetRunspace: 55,
  PromptForChoiceMultipleSelection: 56,
} as const;

export type HostMethodName = keyof typeof HostMethodId;
export type HostMethodIdValue = (typeof HostMethodId)[HostMethodName];

/** The .NET enum the `mi` property is typed as. */
export const HOST_METHOD_ID_TYPE_NAME = 'System.Management.Automation.Remoting.RemoteHostMethodId';

/** The methods that return nothing: no host response is sent for them (spec 2.2.3.17). */
export const VOID_HOST_METHODS: ReadonlySet<HostMethodName> = new Set<HostMethodName>([
  'SetShouldExit',
  'EnterNestedPrompt',
  'ExitNestedPrompt',
  'NotifyBeginApplication',
  'NotifyEndApplication',
  'Write1',
  'Write2',
  'WriteLine1',
  'WriteLine2',
  'WriteLine3',
  'WriteErrorLine',
  'WriteDebugLine',
  'WriteProgress',
  'WriteVerboseLine',
  'WriteWarningLine',
  'SetForegroundColor',
  'SetBackgroundColor',
  'SetCursorPosition',
  'SetWindowPosition',
  'SetCursorSize',
  'SetBufferSize',
  'SetWindowSize',
  'SetWindowTitle',
  'FlushInputBuffer',
  'SetBufferContents1',
  'SetBufferContents2',
  'ScrollBufferContents',
  'PushRunspace',
  'PopRunspace',
]);

/** The call id PowerShell puts on calls of void methods (no response is expected for them). */
export const VOID_HOST_CALL_ID = -100;

const NAMES_BY_ID: ReadonlyMap<number, HostMethodName> = new Map(
  (Object.keys(HostMethodId) as HostMethodName[]).map((name) => [HostMethodId[name], name]),
);

/** The spec name of a method id, or null for a number that is not one of the 56. */
export function hostMethodName(id: number): HostMethodName | null {
  return NAMES_BY_ID.get(id) ?? null;
}

export function isHostMethodId(id: number): id is HostMethodIdValue {
  return NAMES_BY_ID.has(id);
}

/** True when the client must not answer a call of this method. */
export function isVoidHostMethod(method: HostMethodName | HostMethodIdValue): boolean {
  const name = typeof method === 'number' ? hostMethodName(method) : method;
  return name !== null && VOID_HOST_METHODS.has(name);
}
