// PowerShell's own out-of-process PSRP client, measured the way bench/client/case.mjs measures @psrp/client:
// one case per process, one JSON line on stdout.
//
//   PwshClientBench <case> --pwsh=PATH [--repeats=N] [--calls=N] [--warmup=N] [--n=N] [--mb=N] [--step=N]
//                   [--script=TEXT (output200k, stream2m: what produces the n integers; default 1..n)] [--end=stdin|wait]
//                   [--transport=ssh --ssh-host=H --ssh-port=P --ssh-user=U --ssh-key=FILE --ssh-known-hosts=FILE]
//
// cases: open, roundtrip, sequential200, output200k, input100k, string50mb, stream2m, identity.
//
// The client is PowerShellProcessInstance + RunspaceFactory.CreateOutOfProcessRunspace, as Start-Job uses it.
// PowerShellProcessInstance starts Path.Combine(PSHome of this process, "pwsh"), i.e. a "pwsh" beside
// System.Management.Automation.dll in this program's folder, which an SDK-hosted program does not have. Its
// public Process property exposes the ProcessStartInfo before the process is started, so FileName is set to
// the pwsh given with --pwsh; the JSON reports the default it replaced and the server's own view of itself.
//
// With --transport=ssh the client is PowerShell's SSH client instead (what New-PSSession -HostName uses):
// SSHConnectionInfo + RunspaceFactory.CreateRunspace, which runs the system `ssh` binary (from PATH) as
// `ssh -i KEY -p PORT -l USER HOST -s powershell`, with -o UserKnownHostsFile=FILE -o StrictHostKeyChecking=yes.
// The server is then the pwsh the sshd's powershell subsystem starts; its pid comes from the server's own $PID.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Text.Json.Nodes;

internal static class Bench
{
    private static string s_pwsh;
    private static TypeTable s_types;
    private static string s_typeTableSource;
    private static readonly Process s_self = Process.GetCurrentProcess();
    private static readonly Dictionary<string, string> s_options = new();

    private static int Main(string[] args)
    {
        var processStart = Stopwatch.StartNew();
        string name = args.Length > 0 ? args[0] : "";
        foreach (string arg in args.Skip(1))
        {
            int eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2) s_options[arg.Substring(2, eq - 2)] = arg.Substring(eq + 1);
        }

        var result = new JsonObject
        {
            ["client"] = "PowerShell SDK " + typeof(PSObject).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            ["runtime"] = Environment.Version.ToString(),
            ["case"] = name,
        };
        int exit = 0;
        try
        {
            s_pwsh = Option("pwsh", null) ?? throw new ArgumentException("--pwsh=PATH is required");
            if (!File.Exists(s_pwsh)) throw new FileNotFoundException("no pwsh at " + s_pwsh);
            try
            {
                s_types = TypeTable.LoadDefaultTypeFiles();
                s_typeTableSource = "TypeTable.LoadDefaultTypeFiles()";
            }
            catch (Exception e)
            {
                s_types = null;
                s_typeTableSource = "null (LoadDefaultTypeFiles failed: " + e.GetType().Name + ")";
            }
            result["typeTable"] = s_typeTableSource;

            JsonObject figures = name switch
            {
                "identity" => Identity(),
                "open" => OpenCase(IntOption("repeats", 5)),
                "roundtrip" => Roundtrip(IntOption("warmup", 10), IntOption("calls", 200)),
                "sequential200" => Sequential(IntOption("warmup", 10), IntOption("calls", 200), IntOption("repeats", 5)),
                "output200k" => Output(IntOption("n", 200_000), IntOption("repeats", 3)),
                "input100k" => Input(IntOption("n", 100_000), IntOption("repeats", 3)),
                "string50mb" => BigString(IntOption("mb", 50), IntOption("repeats", 3)),
                "stream2m" => Stream(IntOption("n", 2_000_000), IntOption("step", 100_000)),
                _ => throw new ArgumentException("unknown case '" + name + "'"),
            };
            foreach (var pair in figures.ToList())
            {
                figures.Remove(pair.Key);
                result[pair.Key] = pair.Value;
            }
        }
        catch (Exception e)
        {
            result["error"] = e.GetType().Name + ": " + e.Message;
            exit = 1;
        }

        s_self.Refresh();
        result["process"] = new JsonObject
        {
            ["wallMs"] = R(processStart.Elapsed.TotalMilliseconds),
            ["cpuMs"] = R(s_self.TotalProcessorTime.TotalMilliseconds),
            ["peakRssMB"] = R(s_self.PeakWorkingSet64 / 1048576.0),
            ["gcCollections"] = new JsonArray(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)),
        };
        Console.Out.WriteLine(result.ToJsonString());
        Console.Out.Flush();
        return exit;
    }

    // ---- sessions ------------------------------------------------------------------------------------------

    private sealed class Session
    {
        public PowerShellProcessInstance Instance;
        public Runspace Runspace;
        public string DefaultExecutable;
        public int ServerPid;

        public bool Ssh;

        public static Session Open()
        {
            if (Option("transport", "process") == "ssh") return OpenSsh();
            var instance = new PowerShellProcessInstance();
            var session = new Session { Instance = instance, DefaultExecutable = instance.Process.StartInfo.FileName };
            instance.Process.StartInfo.FileName = s_pwsh;
            session.Runspace = RunspaceFactory.CreateOutOfProcessRunspace(s_types, instance);
            session.Runspace.Open();
            session.ServerPid = instance.Process.Id;
            return session;
        }

        private static Session OpenSsh()
        {
            string Required(string name) => Option(name, null) ?? throw new ArgumentException("--" + name + " is required with --transport=ssh");
            var options = new Hashtable { ["UserKnownHostsFile"] = Required("ssh-known-hosts"), ["StrictHostKeyChecking"] = "yes" };
            var info = new SSHConnectionInfo(Required("ssh-user"), Required("ssh-host"), Required("ssh-key"), int.Parse(Required("ssh-port"), CultureInfo.InvariantCulture), "powershell", 20_000, options);
            var session = new Session { Ssh = true, Runspace = RunspaceFactory.CreateRunspace(info) };
            session.Runspace.Open();
            using var ps = Shell(session.Runspace, "$PID");
            session.ServerPid = Convert.ToInt32(ps.Invoke()[0].BaseObject, CultureInfo.InvariantCulture);
            return session;
        }

        /// <summary>Closes the runspace, then ends the server as our client does: stdin closed, wait for exit.</summary>
        public int? Close()
        {
            Runspace.Close();
            Runspace.Dispose();
            // Over SSH the transport owns the ssh process and ends it on Close; pwsh -sshs exits with the channel.
            if (Ssh) return null;
            // The transport does not end a process it was handed (only one it created), so end pwsh -s the way
            // @psrp/client does after CloseAck: end of stdin, then wait.
            // (--end=wait leaves stdin open and only waits: to see whether pwsh -s exits on its own after CloseAck.)
            bool closeStdin = Option("end", "stdin") == "stdin";
            try
            {
                if (closeStdin) Instance.Process.StandardInput.Close();
            }
            catch (Exception)
            {
            }

            int? exitCode = null;
            if (Instance.Process.WaitForExit(closeStdin ? 15_000 : 3_000)) exitCode = Instance.Process.ExitCode;
            Instance.Dispose();
            return exitCode;
        }
    }

    private static PowerShell Shell(Runspace runspace, string script)
    {
        var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        return ps;
    }

    private static void InvokeOne(Runspace runspace)
    {
        using var ps = Shell(runspace, "1");
        var output = ps.Invoke();
        if (output.Count != 1 || Convert.ToInt32(output[0].BaseObject, CultureInfo.InvariantCulture) != 1) throw new InvalidOperationException("'1' did not return 1");
    }

    /// <summary>Consumes output as it arrives: each DataAdded drains the collection, so nothing piles up.</summary>
    private sealed class Consumer
    {
        public readonly PSDataCollection<PSObject> Output = new();
        public long Count;
        public long Sum;
        public Action<long> OnObject;
        private readonly object _lock = new();

        public Consumer()
        {
            Output.DataAdded += (_, _) =>
            {
                lock (_lock)
                {
                    foreach (PSObject item in Output.ReadAll())
                    {
                        Count++;
                        Sum += Convert.ToInt64(item.BaseObject, CultureInfo.InvariantCulture);
                        OnObject?.Invoke(Count);
                    }
                }
            };
        }

        public void Drain()
        {
            lock (_lock)
            {
                foreach (PSObject item in Output.ReadAll())
                {
                    Count++;
                    Sum += Convert.ToInt64(item.BaseObject, CultureInfo.InvariantCulture);
                }
            }
        }
    }

    // ---- cases ---------------------------------------------------------------------------------------------

    private static JsonObject Identity()
    {
        var session = Session.Open();
        var figures = new JsonObject { ["server"] = ServerIdentity(session) };
        figures["serverExitCode"] = session.Close();
        return figures;
    }

    private static JsonObject OpenCase(int repeats)
    {
        var openMs = new List<double>();
        var closeMs = new List<double>();
        var exitCodes = new JsonArray();
        JsonObject identity = null;
        var meter = Meter.Start(null);
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            var session = Session.Open();
            openMs.Add(clock.Elapsed.TotalMilliseconds);
            if (identity == null)
            {
                meter.Pause();
                identity = ServerIdentity(session);
                meter.Resume();
            }

            clock.Restart();
            exitCodes.Add(session.Close());
            closeMs.Add(clock.Elapsed.TotalMilliseconds);
        }

        var figures = meter.Stop();
        figures["openMs"] = Stats(openMs);
        figures["closeMs"] = Stats(closeMs);
        figures["ms"] = Stats(openMs.Zip(closeMs, (a, b) => a + b).ToList());
        figures["serverExitCodes"] = exitCodes;
        figures["server"] = identity;
        return figures;
    }

    private static JsonObject Roundtrip(int warmup, int calls)
    {
        var session = Session.Open();
        var figures = new JsonObject { ["server"] = ServerIdentity(session) };
        var first = Stopwatch.StartNew();
        InvokeOne(session.Runspace);
        double firstMs = first.Elapsed.TotalMilliseconds;
        for (int i = 1; i < warmup; i++) InvokeOne(session.Runspace);
        var samples = new List<double>(calls);
        var meter = Meter.Start(session);
        for (int i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            InvokeOne(session.Runspace);
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        Merge(figures, meter.Stop());
        figures["ms"] = Stats(samples);
        figures["firstCallMs"] = R(firstMs);
        figures["calls"] = calls;
        figures["serverExitCode"] = session.Close();
        return figures;
    }

    private static JsonObject Sequential(int warmup, int calls, int repeats)
    {
        var session = Session.Open();
        var figures = new JsonObject { ["server"] = ServerIdentity(session) };
        for (int i = 0; i < warmup; i++) InvokeOne(session.Runspace);
        var totals = new List<double>();
        var meter = Meter.Start(session);
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++) InvokeOne(session.Runspace);
            totals.Add(clock.Elapsed.TotalMilliseconds);
        }

        Merge(figures, meter.Stop());
        figures["ms"] = Stats(totals);
        figures["calls"] = calls;
        figures["serverExitCode"] = session.Close();
        return figures;
    }

    private static JsonObject Output(int n, int repeats)
    {
        var session = Session.Open();
        var figures = new JsonObject { ["server"] = ServerIdentity(session) };
        var totals = new List<double>();
        var meter = Meter.Start(session);
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            var consumer = new Consumer();
            using (var ps = Shell(session.Runspace, Option("script", "1.." + n)))
            {
                ps.Invoke<PSObject, PSObject>(null, consumer.Output, null);
            }

            consumer.Drain();
            totals.Add(clock.Elapsed.TotalMilliseconds);
            Check(consumer, n, (long)n * (n + 1) / 2);
        }

        Merge(figures, meter.Stop());
        figures["ms"] = Stats(totals);
        figures["objects"] = n;
        figures["script"] = Option("script", "1.." + n);
        figures["serverExitCode"] = session.Close();
        return figures;
    }

    private static JsonObject Input(int n, int repeats)
    {
        var session = Session.Open();
        var figures = new JsonObject { ["server"] = ServerIdentity(session) };
        var totals = new List<double>();
        var meter = Meter.Start(session);
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            var consumer = new Consumer();
            var input = new PSDataCollection<object>();
            using (var ps = Shell(session.Runspace, "process { $_ * 2 }"))
            {
                // Input stays open while the pipeline runs: the client streams it as it is added.
                IAsyncResult running = ps.BeginInvoke(input, consumer.Output);
                for (int i = 1; i <= n; i++) input.Add(i);
                input.Complete();
                ps.EndInvoke(running);
            }

            consumer.Drain();
            totals.Add(clock.Elapsed.TotalMilliseconds);
            Check(consumer, n, (long)n * (n + 1));
        }

        Merge(figures, meter.Stop());
        figures["ms"] = Stats(totals);
        figures["objects"] = n;
        figures["serverExitCode"] = session.Close();
        return figures;
    }

    private static JsonObject BigString(int mb, int repeats)
    {
        var session = Session.Open();
        var figures = new JsonObject { ["server"] = ServerIdentity(session), ["limits"] = Limits(session) };
        var totals = new List<double>();
        var meter = Meter.Start(session);
        long length = 0;
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            using (var ps = Shell(session.Runspace, "'x' * " + mb + "MB"))
            {
                var output = ps.Invoke();
                if (ps.HadErrors) throw new InvalidOperationException("the pipeline wrote errors: " + ps.Streams.Error.FirstOrDefault());
                length = output.Count == 1 && output[0].BaseObject is string text ? text.Length : -1;
            }

            totals.Add(clock.Elapsed.TotalMilliseconds);
            if (length != mb * 1048576L) throw new InvalidOperationException("expected a string of " + mb * 1048576L + " chars, got " + length);
        }

        Merge(figures, meter.Stop());
        figures["ms"] = Stats(totals);
        figures["chars"] = length;
        figures["serverExitCode"] = session.Close();
        return figures;
    }

    private static JsonObject Stream(int n, int step)
    {
        var session = Session.Open();
        var figures = new JsonObject { ["server"] = ServerIdentity(session) };
        var checkpoints = new JsonArray();
        var meter = Meter.Start(session);
        var clock = Stopwatch.StartNew();
        double lastMs = 0;
        double lastCpu = Cpu();
        double lastServerCpu = ServerCpuMs(session.ServerPid);
        var consumer = new Consumer
        {
            OnObject = count =>
            {
                if (count % step != 0) return;
                double now = clock.Elapsed.TotalMilliseconds;
                double cpu = Cpu();
                double serverCpu = ServerCpuMs(session.ServerPid);
                s_self.Refresh();
                checkpoints.Add(new JsonObject
                {
                    ["objects"] = count,
                    ["ms"] = R(now - lastMs),
                    ["cpuMs"] = R(cpu - lastCpu),
                    ["rssMB"] = R(s_self.WorkingSet64 / 1048576.0),
                    ["heapMB"] = R(GC.GetTotalMemory(false) / 1048576.0),
                    ["serverCpuMs"] = R(serverCpu - lastServerCpu),
                    ["serverRssMB"] = ServerRssMB(session.ServerPid),
                });
                lastMs = now;
                lastCpu = cpu;
                lastServerCpu = serverCpu;
            },
        };
        using (var ps = Shell(session.Runspace, Option("script", "1.." + n)))
        {
            ps.Invoke<PSObject, PSObject>(null, consumer.Output, null);
        }

        consumer.Drain();
        double total = clock.Elapsed.TotalMilliseconds;
        Check(consumer, n, (long)n * (n + 1) / 2);
        Merge(figures, meter.Stop());
        figures["ms"] = Stats(new List<double> { total });
        figures["objects"] = n;
        figures["step"] = step;
        figures["script"] = Option("script", "1.." + n);
        figures["checkpoints"] = checkpoints;
        figures["serverExitCode"] = session.Close();
        return figures;
    }

    // ---- what the client started, and its limits ----------------------------------------------------------

    private static JsonObject ServerIdentity(Session session)
    {
        using var ps = Shell(session.Runspace, "$PSVersionTable.PSVersion.ToString(); [Environment]::ProcessPath; $PID");
        var output = ps.Invoke();
        string exe = null;
        try
        {
            exe = new FileInfo("/proc/" + session.ServerPid + "/exe").LinkTarget;
        }
        catch (Exception)
        {
        }

        var computed = typeof(PowerShellProcessInstance).GetField("PwshExePath", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as string;
        return new JsonObject
        {
            ["psVersion"] = output.ElementAtOrDefault(0)?.BaseObject?.ToString(),
            ["processPath"] = output.ElementAtOrDefault(1)?.BaseObject?.ToString(),
            ["pid"] = Convert.ToInt32(output.ElementAtOrDefault(2)?.BaseObject, CultureInfo.InvariantCulture),
            ["startedPid"] = session.ServerPid,
            ["procExe"] = exe,
            ["startedWith"] = session.Ssh ? "ssh (" + Option("ssh-user", "") + "@" + Option("ssh-host", "") + ":" + Option("ssh-port", "") + ", subsystem powershell)" : session.Instance.Process.StartInfo.FileName,
            ["args"] = session.Ssh ? null : string.Join(' ', session.Instance.Process.StartInfo.ArgumentList),
            ["defaultExecutable"] = session.DefaultExecutable,
            ["defaultExecutableExists"] = session.Ssh ? null : File.Exists(session.DefaultExecutable),
            ["pwshExePathField"] = computed,
        };
    }

    /// <summary>MaximumReceivedObjectSize as the client's receive buffers hold it (null: no limit), read by reflection.</summary>
    private static JsonObject Limits(Session session)
    {
        var limits = new JsonObject();
        try
        {
            object pool = Walk(session.Runspace, "RunspacePool", "RemoteRunspacePoolInternal", "DataStructureHandler", "TransportManager", "ReceivedDataCollection");
            limits["session"] = MaxObjectSizes(pool);
        }
        catch (Exception e)
        {
            limits["session"] = "unreadable: " + e.Message;
        }

        try
        {
            using var ps = Shell(session.Runspace, "Start-Sleep -Milliseconds 300; 1");
            IAsyncResult running = ps.BeginInvoke();
            try
            {
                object command = Walk(ps, "RemotePowerShell", "DataStructureHandler", "TransportManager", "ReceivedDataCollection");
                limits["command"] = MaxObjectSizes(command);
            }
            finally
            {
                ps.EndInvoke(running);
            }
        }
        catch (Exception e)
        {
            limits["command"] = "unreadable: " + e.Message;
        }

        return limits;
    }

    private static JsonNode MaxObjectSizes(object priorityCollection)
    {
        if (priorityCollection == null) return "unreadable: not found";
        var buffers = priorityCollection.GetType().GetField("_recvdData", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(priorityCollection) as Array;
        if (buffers == null) return "unreadable: no _recvdData";
        var sizes = new JsonArray();
        foreach (object buffer in buffers)
        {
            FieldInfo field = buffer.GetType().GetFields(BindingFlags.NonPublic | BindingFlags.Instance)
                .FirstOrDefault(f => f.Name.Contains("maxReceivedObjectSize", StringComparison.OrdinalIgnoreCase));
            object value = field?.GetValue(buffer);
            sizes.Add(value == null ? "unlimited" : Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        return sizes;
    }

    private static object Walk(object start, params string[] names)
    {
        object current = start;
        const BindingFlags any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        foreach (string name in names)
        {
            if (current == null) return null;
            Type type = current.GetType();
            object next = null;
            bool found = false;
            for (Type t = type; t != null && !found; t = t.BaseType)
            {
                PropertyInfo property = t.GetProperty(name, any | BindingFlags.DeclaredOnly);
                if (property != null)
                {
                    next = property.GetValue(current);
                    found = true;
                    break;
                }

                FieldInfo field = t.GetField(name, any | BindingFlags.DeclaredOnly) ?? t.GetField("_" + char.ToLowerInvariant(name[0]) + name.Substring(1), any | BindingFlags.DeclaredOnly);
                if (field != null)
                {
                    next = field.GetValue(current);
                    found = true;
                }
            }

            if (!found) throw new MissingMemberException(type.Name, name);
            current = next;
        }

        return current;
    }

    // ---- measuring -----------------------------------------------------------------------------------------

    /// <summary>Client CPU (this process, all threads) and server CPU (/proc of the pwsh child) over a region.</summary>
    private sealed class Meter
    {
        private Session _session;
        private readonly Stopwatch _wall = new();
        private double _cpu;
        private double _user;
        private double _sys;
        private double? _server;
        /// <summary>Over SSH, PowerShell's client is this process and the `ssh` it runs: that child's CPU is counted in cpuMs too.</summary>
        private double _sshUser;
        private double _sshSys;

        public static Meter Start(Session session)
        {
            var meter = new Meter { _session = session };
            meter.Resume();
            return meter;
        }

        public void Resume()
        {
            s_self.Refresh();
            _cpu -= s_self.TotalProcessorTime.TotalMilliseconds;
            _user -= s_self.UserProcessorTime.TotalMilliseconds;
            _sys -= s_self.PrivilegedProcessorTime.TotalMilliseconds;
            if (_session != null) _server = -ServerCpuMs(_session.ServerPid);
            if (_session?.Ssh == true)
            {
                var (user, sys) = ChildrenCpuMs();
                _sshUser -= user;
                _sshSys -= sys;
            }
            _wall.Start();
        }

        public void Pause()
        {
            _wall.Stop();
            s_self.Refresh();
            _cpu += s_self.TotalProcessorTime.TotalMilliseconds;
            _user += s_self.UserProcessorTime.TotalMilliseconds;
            _sys += s_self.PrivilegedProcessorTime.TotalMilliseconds;
            if (_session?.Ssh == true)
            {
                var (user, sys) = ChildrenCpuMs();
                _sshUser += user;
                _sshSys += sys;
            }
        }

        public JsonObject Stop()
        {
            Pause();
            if (_session != null) _server += ServerCpuMs(_session.ServerPid);
            double wall = _wall.Elapsed.TotalMilliseconds;
            if (_session?.Ssh == true)
            {
                _cpu += _sshUser + _sshSys;
                _user += _sshUser;
                _sys += _sshSys;
            }
            return new JsonObject
            {
                ["sshProcessCpuMs"] = _session?.Ssh == true ? R(_sshUser + _sshSys) : null,
                ["measuredWallMs"] = R(wall),
                ["cpuMs"] = new JsonObject { ["user"] = R(_user), ["sys"] = R(_sys), ["total"] = R(_cpu) },
                ["clientCpuShare"] = R(_cpu / wall),
                ["serverCpuMs"] = _server.HasValue ? R(_server.Value) : null,
                ["serverCpuShare"] = _server.HasValue ? R(_server.Value / wall) : null,
            };
        }
    }

    private static double Cpu()
    {
        s_self.Refresh();
        return s_self.TotalProcessorTime.TotalMilliseconds;
    }

    /// <summary>utime + stime of a process from /proc/PID/stat, in ms (clock ticks are 1/100 s on Linux).</summary>
    /// <summary>utime and stime (ms) of this process's children (the `ssh` PowerShell's SSH client runs), from /proc.</summary>
    private static (double User, double Sys) ChildrenCpuMs()
    {
        double user = 0, sys = 0;
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                string stat = File.ReadAllText(dir + "/stat");
                string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) != Environment.ProcessId) continue;
                user += long.Parse(fields[11], CultureInfo.InvariantCulture) * 10.0;
                sys += long.Parse(fields[12], CultureInfo.InvariantCulture) * 10.0;
            }
            catch (Exception)
            {
                // gone meanwhile
            }
        }

        return (user, sys);
    }

    private static double ServerCpuMs(int pid)
    {
        string stat = File.ReadAllText("/proc/" + pid + "/stat");
        string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    /// <summary>VmRSS of a process from /proc/PID/status, in MB.</summary>
    private static double ServerRssMB(int pid)
    {
        string line = File.ReadLines("/proc/" + pid + "/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return R(long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0);
    }

    private static void Check(Consumer consumer, long count, long sum)
    {
        if (consumer.Count != count || consumer.Sum != sum)
        {
            throw new InvalidOperationException("expected " + count + " objects summing to " + sum + ", got " + consumer.Count + " summing to " + consumer.Sum);
        }
    }

    private static JsonObject Stats(List<double> samples)
    {
        var sorted = samples.OrderBy(x => x).ToList();
        double Quantile(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * (sorted.Count - 1) + 0.5))];
        return new JsonObject
        {
            ["n"] = samples.Count,
            ["best"] = R(sorted[0]),
            ["median"] = R(Quantile(0.5)),
            ["p90"] = R(Quantile(0.9)),
            ["mean"] = R(samples.Average()),
            ["first"] = R(samples[0]),
        };
    }

    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var pair in from.ToList())
        {
            from.Remove(pair.Key);
            into[pair.Key] = pair.Value;
        }
    }

    private static double R(double value) => Math.Round(value, 3);

    private static string Option(string name, string fallback) => s_options.TryGetValue(name, out string value) ? value : fallback;

    private static int IntOption(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
