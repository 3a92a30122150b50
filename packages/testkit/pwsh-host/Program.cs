// pwsh itself: ConsoleShell.Start parses the usual command line (-NoLogo, -NoProfile, -s, -sshs, -CustomPipeName ...).
return Microsoft.PowerShell.ConsoleShell.Start("PowerShell (psrp test host)", "", args);
