using Gyre.Core.Errors;
using Gyre.Tracking.Sql;
using Gyre.Tracking.Stores;
using Npgsql;

namespace Gyre.Tracking;

/// <summary>
/// Opens a tracking + registry store from an MLflow-style database URI and brings its schema up to date:
/// <c>sqlite:///relative/path.db</c>, <c>sqlite:////absolute/path.db</c>, <c>sqlite:///:memory:</c>,
/// <c>postgresql://user:password@host:port/database</c> (also <c>postgresql+psycopg2://</c>, <c>postgres://</c>).
/// </summary>
public static class TrackingStoreFactory
{
    public static SqlStore Open(string uri, TrackingStoreOptions? options = null) =>
        OpenAsync(uri, options).GetAwaiter().GetResult();

    public static async Task<SqlStore> OpenAsync(string uri, TrackingStoreOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        options ??= new TrackingStoreOptions();
        Database database = CreateDatabase(uri, options);
        try
        {
            return await SqlStore.CreateAsync(database, options, ct);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private static Database CreateDatabase(string uri, TrackingStoreOptions options)
    {
        if (uri.StartsWith("sqlite://", StringComparison.OrdinalIgnoreCase))
        {
            var path = uri["sqlite://".Length..];
            if (path is "" or "/:memory:" or "/")
                throw new GyreException(ErrorCode.NOT_IMPLEMENTED,
                    $"In-memory SQLite ('{uri}') is not supported; give a file path such as sqlite:///mlflow.db.");
            // sqlite:///rel.db -> "rel.db"; sqlite:////abs.db -> "/abs.db" (as SQLAlchemy reads them).
            path = path[1..];
            return new SqliteDatabase(Uri.UnescapeDataString(path), options.SqliteFullSync);
        }
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? "" : uri[..schemeEnd].ToLowerInvariant();
        if (scheme is "postgresql" or "postgres" or "postgresql+psycopg2" or "postgresql+psycopg" or "postgresql+pg8000")
            return new PostgresDatabase(ToNpgsqlConnectionString(uri));
        throw GyreException.InvalidParameter(
            $"Unsupported tracking store URI '{uri}'. Supported: sqlite:///path.db, postgresql://user:password@host:port/database.");
    }

    /// <summary>Converts <c>postgresql://user:pass@host:port/db?sslmode=...</c> to an Npgsql connection string.</summary>
    public static string ToNpgsqlConnectionString(string uri)
    {
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var parsed = new Uri("postgresql" + uri[schemeEnd..]);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = string.IsNullOrEmpty(parsed.Host) ? "localhost" : parsed.Host,
            Port = parsed.IsDefaultPort || parsed.Port <= 0 ? 5432 : parsed.Port,
            Database = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/')),
        };
        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            var colon = parsed.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? parsed.UserInfo : parsed.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(parsed.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) continue;
            var key = Uri.UnescapeDataString(pair[..eq]);
            var value = Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
                builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", ""), ignoreCase: true);
            else if (key.Equals("host", StringComparison.OrdinalIgnoreCase))
                builder.Host = value;
        }
        return builder.ToString();
    }
}
