using System.Data;
using Microsoft.Data.Sqlite;

namespace Tangle.Grains.Storage;

/// <summary>
/// The embedded SQLite database of standalone and peer mode: one file, WAL journal, and
/// synchronous=FULL so that every acknowledged write survives a crash or a power cut. Writes take a
/// process-wide lock, since SQLite has one writer at a time anyway.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private const int SchemaVersion = 1;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly string _connectionString;

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

    /// <summary>Runs <paramref name="work"/> in one write transaction; it is durable when this returns.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        await _writer.WaitAsync();
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

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

    private void Migrate()
    {
        using var connection = Open();
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'";
        var exists = check.ExecuteScalar() is not null;
        var version = 0;
        if (exists)
        {
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (version >= SchemaVersion)
            return;
        using var transaction = connection.BeginTransaction();
        using (var apply = connection.CreateCommand())
        {
            apply.Transaction = transaction;
            apply.CommandText = ReadSchema();
            apply.ExecuteNonQuery();
        }

        using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version) VALUES ($v)";
            record.Parameters.AddWithValue("$v", SchemaVersion);
            record.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static string ReadSchema()
    {
        using var stream = typeof(SqliteDatabase).Assembly.GetManifestResourceStream("Tangle.Schema.sql")
            ?? throw new InvalidOperationException("the schema is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose()
    {
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
