using System.Globalization;

namespace Tangle.Grains.Sync;

/// <summary>
/// A /sync token: the user's inbox position, and how far the device has acknowledged its to-device
/// messages (which can lag when a response carried only part of the queue). Written <c>s12_t9</c>.
/// </summary>
public readonly record struct SyncToken(long Position, long ToDevice)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"s{Position}_t{ToDevice}");

    public static bool TryParse(string? text, out SyncToken token)
    {
        token = default;
        if (text is null || !text.StartsWith('s'))
            return false;
        var parts = text[1..].Split("_t");
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var toDevice))
            return false;
        token = new SyncToken(position, toDevice);
        return true;
    }
}
