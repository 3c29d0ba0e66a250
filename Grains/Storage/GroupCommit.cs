using Microsoft.Data.Sqlite;

namespace Tangle.Grains.Storage;

/// <summary>
/// The single writer of a SQLite database, committing writes in groups: whatever writes queue up
/// while one commit is being made durable go into the next transaction together, each in a savepoint
/// of its own, and one fsync makes them all durable. A write that throws rolls back its savepoint
/// only and fails only its own caller; every caller is answered after the commit, never before.
/// The caller that finds no commit under way makes the commit itself, on its own thread, so a lone
/// writer pays no thread hand-off; writes that queued meanwhile are committed by a thread-pool
/// thread, so no caller is held up by others' writes.
/// </summary>
internal sealed class GroupCommit(Func<SqliteConnection> open) : IDisposable
{
    /// <summary>The most writes in one transaction, so that one commit never holds the others for long.</summary>
    public const int MaxGroup = 256;

    private readonly Lock _gate = new();
    private readonly Queue<IPendingWrite> _queue = new();
    private bool _committing;
    private bool _disposed;
    private SqliteConnection? _connection;

    /// <summary>Queues a write; the task completes once it is durable, or fails with what it threw.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        var pending = new PendingWrite<T>(work);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(SqliteDatabase));
            _queue.Enqueue(pending);
            if (_committing)
                return pending.Task;
            _committing = true;
        }

        // No commit under way: this caller commits the group, then hands what queued meanwhile on.
        CommitNextGroup();
        if (HasMore())
            ThreadPool.UnsafeQueueUserWorkItem(_ => CommitUntilEmpty(), null);
        return pending.Task;
    }

    private void CommitUntilEmpty()
    {
        do
            CommitNextGroup();
        while (HasMore());
    }

    /// <summary>Whether writes are waiting; if none, the next caller commits.</summary>
    private bool HasMore()
    {
        lock (_gate)
        {
            if (_queue.Count > 0)
                return true;
            _committing = false;
            if (_disposed)
            {
                _connection?.Dispose();
                _connection = null;
            }

            return false;
        }
    }

    private void CommitNextGroup()
    {
        var group = new List<IPendingWrite>();
        lock (_gate)
        {
            while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
                group.Add(next);
        }

        try
        {
            _connection ??= open();
            using (var transaction = _connection.BeginTransaction())
            {
                foreach (var write in group)
                    write.Run(_connection, transaction);
                transaction.Commit();
            }

            foreach (var write in group)
                write.Complete();
        }
        catch (Exception e)
        {
            // Nothing of the group happened. The connection may be in any state: the next group opens a new one.
            _connection?.Dispose();
            _connection = null;
            foreach (var write in group)
                write.Fail(e);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_committing)
                return;
            _connection?.Dispose();
            _connection = null;
        }
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
