using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Gyre.Bench.TrackingLoad;

/// <summary>
/// A throwaway PostgreSQL 15 cluster (initdb + pg_ctl under a temp folder, on a free loopback port, with the
/// server's default durability settings), run as "postgres" through runuser when we are root.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gyre-bench-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private int _databases;

    public int Port { get; private set; }

    private string DataDir => Path.Combine(_root, "data");

    public static async Task<PostgresCluster> StartAsync()
    {
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        return cluster;
    }

    private async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDir, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed at {BinDir} (apt-get install postgresql-15).");
        Directory.CreateDirectory(_root);
        if (IsRoot()) await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        Port = FreePort();
        await RunAsync(Path.Combine(BinDir, "initdb"), ["-D", DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"], asPostgres: true);
        await RunAsync(Path.Combine(BinDir, "pg_ctl"),
            ["-D", DataDir, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o",
             $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"], asPostgres: true);
    }

    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"gyre_bench_{Interlocked.Increment(ref _databases)}";
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
            if (Directory.Exists(DataDir))
                await RunAsync(Path.Combine(BinDir, "pg_ctl"), ["-D", DataDir, "-m", "fast", "-w", "stop"], asPostgres: true);
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
