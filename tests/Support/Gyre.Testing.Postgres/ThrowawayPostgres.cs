using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Gyre.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL 15 cluster under a temp folder on a free loopback port, started with initdb + pg_ctl
/// (through runuser as "postgres" when we run as root, since PostgreSQL refuses to run as root) and removed
/// when disposed. Tests start it without fsync (speed); benchmarks keep the server's durable defaults, so
/// their figures are what a real installation pays.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private readonly string _root;
    private readonly string _databasePrefix;
    private int _databases;

    private ThrowawayPostgres(string name)
    {
        _root = Path.Combine(Path.GetTempPath(), $"{name}-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _databasePrefix = name.Replace('-', '_');
    }

    public int Port { get; private set; }

    private string DataDir => Path.Combine(_root, "data");

    /// <summary>Starts a cluster; <paramref name="durable"/> false turns fsync off (for tests, never for measurements).</summary>
    public static async Task<ThrowawayPostgres> StartAsync(bool durable = true, string name = "gyre")
    {
        var cluster = new ThrowawayPostgres(name);
        try
        {
            await cluster.InitializeAsync(durable);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(bool durable)
    {
        if (!File.Exists(Path.Combine(BinDir, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed at {BinDir} (apt-get install postgresql-15).");
        Directory.CreateDirectory(_root);
        if (IsRoot()) await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        Port = FreePort();
        string[] initdb = ["-D", DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"];
        await RunAsync(Path.Combine(BinDir, "initdb"), durable ? initdb : [.. initdb, "--no-sync"], asPostgres: true);
        var settings = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=200" + (durable ? "" : " -c fsync=off");
        await RunAsync(Path.Combine(BinDir, "pg_ctl"),
            ["-D", DataDir, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", settings, "start"], asPostgres: true);
    }

    /// <summary>A fresh, empty database; returns its postgresql:// URI.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"{_databasePrefix}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return $"postgresql://postgres@127.0.0.1:{Port}/{name}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Directory.Exists(Path.Combine(DataDir, "global")))
                await RunAsync(Path.Combine(BinDir, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        catch (InvalidOperationException)
        {
            // Never started (initdb failed): nothing to stop.
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && IsRoot())
        {
            info.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", file]) info.ArgumentList.Add(a);
        }
        else
        {
            info.FileName = file;
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stdout}{await stderr}");
    }
}
