using System.Runtime.InteropServices;

namespace Tangle.Gateway.Media;

/// <summary>
/// Writes that survive a crash: the bytes go to a temporary file on the same file system, are
/// flushed to the disk, and the file is renamed into place; the directory is then flushed so the
/// rename itself is on the disk before anyone is told the write succeeded.
/// </summary>
internal static class DurableFiles
{
    /// <summary>A new temporary file in <paramref name="directory"/>, open for writing.</summary>
    public static FileStream CreateTemporary(string directory, out string path)
    {
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".tmp");
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
    }

    /// <summary>Flushes a temporary file's bytes to the disk and closes it.</summary>
    public static async Task FlushAndCloseAsync(FileStream file)
    {
        await file.FlushAsync();
        file.Flush(flushToDisk: true);
        await file.DisposeAsync();
    }

    /// <summary>
    /// Renames a flushed temporary file to <paramref name="path"/> and flushes the directory. Without
    /// <paramref name="overwrite"/> the rename fails with an IOException if the target exists, which
    /// makes it an atomic claim even between processes sharing the storage.
    /// </summary>
    public static void Commit(string temporary, string path, bool overwrite)
    {
        var directory = Path.GetDirectoryName(path)!;
        CreateDirectory(directory);
        File.Move(temporary, path, overwrite);
        SyncDirectory(directory);
    }

    /// <summary>Creates a directory and any missing parents, flushing each new entry into its parent.</summary>
    private static void CreateDirectory(string directory)
    {
        if (Directory.Exists(directory))
            return;
        var parent = Path.GetDirectoryName(directory);
        if (parent is not null)
            CreateDirectory(parent);
        Directory.CreateDirectory(directory);
        if (parent is not null)
            SyncDirectory(parent);
    }

    /// <summary>Writes a whole small file durably, replacing any previous version.</summary>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, string temporaryDirectory, CancellationToken cancellationToken)
    {
        var file = CreateTemporary(temporaryDirectory, out var temporary);
        try
        {
            await file.WriteAsync(bytes, cancellationToken);
            await FlushAndCloseAsync(file);
            Commit(temporary, path, overwrite: true);
        }
        catch
        {
            await file.DisposeAsync();
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Flushes a directory's entries (a completed rename) to the disk; Windows journals them itself.</summary>
    public static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        var descriptor = Open(directory, 0);
        if (descriptor < 0)
            throw new IOException($"cannot open {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(descriptor) != 0)
                throw new IOException($"cannot flush {directory} (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code in the gateway.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);
}
