using Microsoft.Data.Sqlite;
using Tangle.Grains.Storage;

namespace Tangle.Grains.Tests;

/// <summary>The embedded store creates new databases and upgrades old ones in place.</summary>
public sealed class StorageMigrationTests
{
    private static string NewPath() => Path.Combine(Path.GetTempPath(), "tangle-migrate-" + Guid.NewGuid().ToString("N"), "tangle.db");

    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void A_new_database_gets_every_migration()
    {
        var path = NewPath();

        using (new SqliteDatabase(path))
        {
        }

        var latest = SqliteDatabase.Migrations().Max(m => m.Version);
        Assert.Equal(latest, Scalar(path, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal(1, Scalar(path, "SELECT COUNT(*) FROM sqlite_master WHERE name='e2e_one_time_keys'"));
    }

    [Fact]
    public void A_database_at_an_older_version_is_upgraded_and_keeps_its_data()
    {
        var path = NewPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteDatabase.Migrations().First().Script
                + "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);"
                + "INSERT INTO grain_state VALUES ('t', 'i', 's', '1', x'00');";
            command.ExecuteNonQuery();
        }

        using (new SqliteDatabase(path))
        {
        }

        Assert.True(Scalar(path, "SELECT MAX(version) FROM schema_version") > 1);
        Assert.Equal(1, Scalar(path, "SELECT COUNT(*) FROM sqlite_master WHERE name='e2e_room_keys'"));
        Assert.Equal(1, Scalar(path, "SELECT COUNT(*) FROM grain_state"));
    }

    [Fact]
    public void Opening_an_up_to_date_database_changes_nothing()
    {
        var path = NewPath();
        using (new SqliteDatabase(path))
        {
        }

        using (new SqliteDatabase(path))
        {
        }

        Assert.Equal(SqliteDatabase.Migrations().Count(), Scalar(path, "SELECT COUNT(*) FROM schema_version"));
    }
}
