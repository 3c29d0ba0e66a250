using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Tangle.Grains.Storage;

/// <summary>
/// The single writer of a SQLite database, committing writes in groups: whatever writes queue up
/// while one commit is being made durable go into the next transaction together, each in a savepoint
/// of its own, and one fsync makes them all durable. A write that throws rolls back its savepoint
/// only and fails only its own caller; every caller is answered after the commit, never before.
/// Under load this turns one fsync per write into one per group, and costs a lone writer nothing.
/// </summary>
internal sealed class GroupCommit : IDisposable
{
    /// <summary>The most writes in one transaction, so that one commit never holds the others for long.</summary>
    public const int MaxGroup = 256;

    private readonly Func<SqliteConnection> _open;
    private readonly Channel<IPendingWrite> _queue = Channel.CreateUnbounded<IPendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public GroupCommit(Func<SqliteConnection> open)
    {
        _open = open;
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Queues a write; the task completes once it is durable, or fails with what it threw.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        var pending = new PendingWrite<T>(work);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(SqliteDatabase));
        return pending.Task;
    }

    private void WriteLoop()
    {
        var group = new List<IPendingWrite>(MaxGroup);
        SqliteConnection? connection = null;
        try
        {
            while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (group.Count < MaxGroup && _queue.Reader.TryRead(out var next))
                    group.Add(next);
                connection ??= _open();
                if (!TryCommit(connection, group))
                {
                    // The connection may be in any state after a failed commit: start afresh.
                    connection.Dispose();
                    connection = null;
                }

                group.Clear();
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private static bool TryCommit(SqliteConnection connection, List<IPendingWrite> group)
    {
        try
        {
            using (var transaction = connection.BeginTransaction())
            {
                foreach (var write in group)
                    write.Run(connection, transaction);
                transaction.Commit();
            }

            foreach (var write in group)
                write.Complete();
            return true;
        }
        catch (Exception e)
        {
            // Whatever went wrong, the writer must live on to serve the next group.
            foreach (var write in group)
                write.Fail(e);
            return false;
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(30));
    }

    private interface IPendingWrite
    {
        /// <summary>Runs the write in a savepoint of the group's transaction, keeping its outcome for later.</summary>
        void Run(SqliteConnection connection, SqliteTransaction transaction);

        /// <summary>The group is durable: answers the caller with the write's own outcome.</summary>
        void Complete();

        /// <summary>The group did not commit: nothing of it happened.</summary>
        void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, T> work) : IPendingWrite
    {
        private const string Savepoint = "write";
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _done.Task;

        public void Run(SqliteConnection connection, SqliteTransaction transaction)
        {
            transaction.Save(Savepoint);
            try
            {
                _result = work(connection, transaction);
                transaction.Release(Savepoint);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _error = e;
                transaction.Rollback(Savepoint);
                transaction.Release(Savepoint);
            }
        }

        public void Complete()
        {
            if (_error is not null)
                _done.TrySetException(_error);
            else
                _done.TrySetResult(_result!);
        }

        public void Fail(Exception error) => _done.TrySetException(error);
    }
}
