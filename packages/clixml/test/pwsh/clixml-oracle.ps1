# A long-lived PowerShell answering the CLIXML corpus tests (test/pwsh-oracle.ts), one request per line on stdin:
#   <op> <base64 UTF-8 JSON payload>   ->   ok <base64 UTF-8 JSON answer>   or   err <base64 UTF-8 message>
# ops: run  {script, depth, describe}  runs a script that sets $v, answers PowerShell's own CLIXML of $v
#                            (PSSerializer.Serialize($v, depth)) and, unless describe is false, describe() of what
#                            Deserialize makes of it;
#      read {xml}            describe() of PSSerializer.Deserialize(xml);
#      import {path}         describe() of every value Import-Clixml reads from path;
#      export {script, path, depth}  runs a script that sets $v and pipes it to Export-Clixml;
#      eval {script}         the script's output as one string.
# describe() turns a value into plain data the tests compare: strings as base64 of their UTF-16LE code
# units (so lone surrogates and controls survive), numbers in their invariant round-trip text, and for
# objects the .NET type, the type names, ToString and the properties; cycles become {k: ref}.
$ErrorActionPreference = 'Stop'
$utf8 = [System.Text.UTF8Encoding]::new($false)
$invariant = [System.Globalization.CultureInfo]::InvariantCulture
$serializer = [System.Management.Automation.PSSerializer]
$serializeMethod = $serializer.GetMethod('Serialize', [type[]]@([object], [int]))
# A member set answers .Name and .Members with its own members: read them through reflection.
$memberInfoName = [System.Management.Automation.PSMemberInfo].GetProperty('Name')
$memberSetMembers = [System.Management.Automation.PSMemberSet].GetProperty('Members')
$noteOrProperty = [System.Management.Automation.PSMemberTypes]::NoteProperty -bor [System.Management.Automation.PSMemberTypes]::Property

# Longer strings travel as their SHA-256, so that a 10 MB string is not sent back three times.
function Encode-Text([string]$text) {
  $bytes = [System.Text.Encoding]::Unicode.GetBytes($text)
  if ($text.Length -gt 4096) { return 'sha256:' + [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($bytes)) }
  [Convert]::ToBase64String($bytes)
}

function Describe-Primitive($value) {
  switch ($value.GetType().FullName) {
    'System.Double' { return $value.ToString('R', $invariant) }
    'System.Single' { return $value.ToString('R', $invariant) }
    'System.DateTime' { return "$($value.Ticks)|$($value.Kind)" }
    'System.TimeSpan' { return [string]$value.Ticks }
    'System.Char' { return [string][int]$value }
    'System.Uri' { return Encode-Text $value.OriginalString }
    default { return [string]::Format($invariant, '{0}', $value) }
  }
}

$primitiveTypes = [System.Collections.Generic.HashSet[string]]::new([string[]]@(
  'System.Boolean', 'System.Byte', 'System.SByte', 'System.Int16', 'System.UInt16', 'System.Int32', 'System.UInt32',
  'System.Int64', 'System.UInt64', 'System.Single', 'System.Double', 'System.Decimal', 'System.Char', 'System.DateTime',
  'System.TimeSpan', 'System.Guid', 'System.Version', 'System.Uri'))

function Describe-Value($value, [System.Collections.ArrayList]$seen) {
  if ($null -eq $value) { return [ordered]@{ k = 'null' } }
  $wrapper = $value.psobject
  $base = $wrapper.BaseObject
  $typeName = $base.GetType().FullName
  $names = [string[]]@(foreach ($name in $wrapper.TypeNames) { Encode-Text $name })
  $notes = @($wrapper.Properties.Match('*', [System.Management.Automation.PSMemberTypes]::NoteProperty))
  if ($base -is [string]) {
    $out = [ordered]@{ k = 'str'; v = (Encode-Text $base) }
    if ($notes.Count -gt 0) { $out.tn = $names; $out.props = Describe-Properties $notes $seen }
    return $out
  }
  if ($primitiveTypes.Contains($typeName) -or $base -is [enum]) {
    $out = [ordered]@{ k = 'prim'; t = $typeName; v = (Describe-Primitive $base) }
    # Type names or notes beyond the plain type's (a deserialized enum, a number with notes).
    if ($wrapper.TypeNames[0] -ne $typeName -or $notes.Count -gt 0) {
      $out.tn = $names; $out.s = (Encode-Text $wrapper.ToString()); $out.props = Describe-Properties $notes $seen
    }
    return $out
  }
  if ($base -is [byte[]]) { return [ordered]@{ k = 'bytes'; v = [Convert]::ToBase64String($base) } }
  if ($base -is [System.Xml.XmlDocument]) { return [ordered]@{ k = 'xml'; v = (Encode-Text $base.OuterXml) } }
  if ($base -is [System.Security.SecureString]) { return [ordered]@{ k = 'ss'; v = (Encode-Text ([System.Net.NetworkCredential]::new('', $base).Password)) } }
  if ($base -is [scriptblock]) { return [ordered]@{ k = 'sb'; v = (Encode-Text $base.ToString()) } }
  if ($base -is [System.Management.Automation.ProgressRecord]) {
    return [ordered]@{ k = 'pr'; v = @((Encode-Text $base.Activity), $base.ActivityId, (Encode-Text ([string]$base.CurrentOperation)), ($null -eq $base.CurrentOperation), $base.ParentActivityId, $base.PercentComplete, [string]$base.RecordType, $base.SecondsRemaining, (Encode-Text $base.StatusDescription)) }
  }
  # Every property bag shares one PSCustomObject base: they are told apart by their wrappers.
  # Assigned, not taken from an if expression: that would enumerate a collection (an empty one becomes $null).
  $identity = $base
  if ($base -is [System.Management.Automation.PSCustomObject]) { $identity = $wrapper }
  for ($index = 0; $index -lt $seen.Count; $index++) {
    if ([object]::ReferenceEquals($seen[$index], $identity)) { return [ordered]@{ k = 'ref'; i = $index } }
  }
  [void]$seen.Add($identity)
  $out = [ordered]@{ t = $typeName; tn = $names; s = (Encode-Text $wrapper.ToString()) }
  if ($base -is [System.Collections.IDictionary]) {
    $entries = [System.Collections.Generic.List[object]]::new()
    foreach ($key in @($base.Keys)) {
      $pair = [object[]]@((Describe-Value $key $seen), (Describe-Value $base[$key] $seen))
      $entries.Add([pscustomobject]@{ order = (ConvertTo-Json -Compress -Depth 100 -InputObject $pair[0]); pair = $pair })
    }
    $sorted = [System.Collections.Generic.List[object]]::new()
    foreach ($entry in [System.Linq.Enumerable]::OrderBy([object[]]$entries.ToArray(), [Func[object, string]] { param($e) $e.order }, [System.StringComparer]::Ordinal)) { $sorted.Add($entry.pair) }
    $out.k = 'dict'
    $out.entries = $sorted.ToArray()
    $out.props = Describe-Properties $notes $seen
    return $out
  }
  if ($base -is [System.Collections.IEnumerable]) {
    $out.k = 'list'
    $items = [System.Collections.Generic.List[object]]::new()
    foreach ($item in $base) { $items.Add((Describe-Value $item $seen)) }
    $out.items = $items.ToArray()
    $out.props = Describe-Properties $notes $seen
    return $out
  }
  $out.k = 'obj'
  if ($base -is [System.Management.Automation.PSCustomObject]) {
    $out.props = Describe-Properties @($wrapper.Properties.Match('*', $noteOrProperty)) $seen
    $sets = [System.Collections.Generic.List[object]]::new()
    foreach ($set in @($wrapper.Members.Match('*', [System.Management.Automation.PSMemberTypes]::MemberSet))) {
      $setName = $memberInfoName.GetValue($set)
      if ($setName -eq 'PSStandardMembers') { continue }
      $setNotes = @(foreach ($member in $memberSetMembers.GetValue($set)) { if ($member -is [System.Management.Automation.PSNoteProperty]) { $member } })
      $sets.Add([object[]]@((Encode-Text $setName), (Describe-Properties $setNotes $seen)))
    }
    $out.sets = $sets.ToArray()
  } else {
    $out.props = Describe-Properties $notes $seen
  }
  return $out
}

# An array of [name, member type, description] triples (built in a List: PowerShell's output would flatten one triple).
function Describe-Properties($properties, $seen) {
  $list = [System.Collections.Generic.List[object]]::new()
  foreach ($property in $properties) { $list.Add([object[]]@((Encode-Text $property.Name), [string]$property.MemberType, (Describe-Value $property.Value $seen))) }
  return , $list.ToArray()
}

function Describe($value) { Describe-Value $value ([System.Collections.ArrayList]::new()) }

function Run-Script([string]$script) {
  $v = $null
  . ([scriptblock]::Create($script))
  return , $v
}

while ($null -ne ($line = [Console]::In.ReadLine())) {
  $space = $line.IndexOf(' ')
  $op = $line.Substring(0, $space)
  try {
    $payload = $utf8.GetString([Convert]::FromBase64String($line.Substring($space + 1))) | ConvertFrom-Json
    $answer = switch ($op) {
      'run' {
        $v = Run-Script $payload.script
        # Through reflection, so that a PSObject reaches the serializer whole: a method call from script would
        # pass only its base object and lose the notes of a string (Get-Content's PSPath...).
        $xml = $serializeMethod.Invoke($null, [object[]]@($v, [int]$payload.depth))
        $ownError = $null
        $own = if ($payload.describe -eq $false) { $null } else {
          try { Describe ($serializer::Deserialize($xml)) } catch { $ownError = ($_ | Out-String); $null }
        }
        [ordered]@{ xml = $xml; own = $own; ownError = $ownError }
      }
      'read' { Describe ($serializer::Deserialize([string]$payload.xml)) }
      'import' { @(foreach ($item in @(Import-Clixml -LiteralPath $payload.path)) { ,(Describe $item) }) }
      'export' { $v = Run-Script $payload.script; $v | Export-Clixml -LiteralPath $payload.path -Depth ([int]$payload.depth); 'done' }
      'eval' { [string]((Run-Script $payload.script) -join "`n") }
      default { throw "unknown op $op" }
    }
    $json = ConvertTo-Json -InputObject $answer -Compress -Depth 100
    [Console]::Out.WriteLine('ok ' + [Convert]::ToBase64String($utf8.GetBytes($json)))
  } catch {
    [Console]::Out.WriteLine('err ' + [Convert]::ToBase64String($utf8.GetBytes(($_ | Out-String))))
  }
  [Console]::Out.Flush()
}
