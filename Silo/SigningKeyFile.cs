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
        var temporary = path + ".new";
        File.WriteAllText(temporary, key.ToKeyFile() + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: false);
        return key;
    }
}
