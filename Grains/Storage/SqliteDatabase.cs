using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tangle.Grains.Storage;

/// <summary>
/// The embedded SQLite database of standalone and peer mode: one file, WAL journal, and
/// synchronous=FULL so that every acknowledged write survives a crash or a power cut. SQLite has one
/// writer at a time anyway, so writes go through one writer that commits them in groups.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly GroupCommit _writer;

    public SqliteDatabase(string path)
    {
        Path = path;
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Migrate();
        _writer = new GroupCommit(Open);
    }

    public string Path { get; }

    /// <summary>Opens a connection for reading.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> as one atomic write (a savepoint in a group's transaction); it is
    /// durable when the task completes. If it throws, none of its changes are kept.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work) => _writer.WriteAsync(work);

    /// <summary>Runs a write transaction that returns nothing.</summary>
    public Task WriteAsync(Action<SqliteConnection, SqliteTransaction> work) =>
        WriteAsync<bool>((connection, transaction) =>
        {
            work(connection, transaction);
            return true;
        });

    /// <summary>Runs <paramref name="read"/> on a connection of its own.</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        using var connection = Open();
        return read(connection);
    }

    /// <summary>
    /// Applies the numbered scripts under Storage/Migrations that this database has not seen, each in
    /// its own transaction, recording each in schema_version. Existing data directories upgrade in place.
    /// </summary>
    private void Migrate()
    {
        using var connection = Open();
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var applied = Convert.ToInt32(connection.Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version"), CultureInfo.InvariantCulture);
        foreach (var (version, script) in Migrations().Where(m => m.Version > applied))
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(script, transaction);
            connection.Execute("INSERT INTO schema_version (version) VALUES ($v)", transaction, ("$v", version));
            transaction.Commit();
        }
    }

    /// <summary>The embedded migration scripts, "NNNN_name.sql", in order.</summary>
    internal static IEnumerable<(int Version, string Script)> Migrations()
    {
        const string prefix = "Tangle.Migrations.";
        var assembly = typeof(SqliteDatabase).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var version = int.Parse(name.AsSpan(prefix.Length, 4), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (version, reader.ReadToEnd());
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
