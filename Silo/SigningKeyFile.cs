using Tangle.Protocol.Crypto;

namespace Tangle.Silo;

/// <summary>The homeserver's signing key on disk, one line <c>ed25519 &lt;version&gt; &lt;seed&gt;</c>, made on first start.</summary>
public static class SigningKeyFile
{
    public static SigningKey LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var parsed = SigningKey.ParseKeyFile(File.ReadAllText(path));
            return parsed.IsOk ? parsed.Value : throw new InvalidOperationException($"{path}: {parsed.Error!.Message}");
        }

        var key = SigningKey.Generate("a_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2)));
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.new";
        File.WriteAllText(temporary, key.ToKeyFile() + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another silo sharing the data directory created it first: use theirs.
            File.Delete(temporary);
            key.Dispose();
            return LoadOrCreate(path);
        }
    }
}
