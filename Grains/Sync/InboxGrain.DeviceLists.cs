using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Sync;

public sealed partial class InboxGrain
{
    public async Task NotifyDeviceListsAsync(IReadOnlyList<UserId> changed, IReadOnlyList<UserId> left)
    {
        // One entry per list however many users it names: joining a large room should not cost an append per member.
        if (changed.Count > 0)
            await AppendAsync(new InboxEntry(0, InboxEntryKind.DeviceList, Data: string.Join('\n', changed.Select(u => u.Value))));
        if (left.Count > 0)
            await AppendAsync(new InboxEntry(0, InboxEntryKind.DeviceListLeft, Data: string.Join('\n', left.Select(u => u.Value))));
    }

    public async Task<DeviceListChanges> GetDeviceListChangesAsync(string from, string to)
    {
        if (!SyncToken.TryParse(from, out var since))
            throw MatrixException.InvalidParam("from is not a sync token");
        if (!SyncToken.TryParse(to, out var upto))
            throw MatrixException.InvalidParam("to is not a sync token");
        if (upto.Position <= since.Position)
            return new DeviceListChanges([], []);
        return DeviceListsIn(await store.GetRangeAsync(_user, since.Position, Math.Min(upto.Position, _seq)));
    }

    /// <summary>
    /// Who changed and who left over a stretch of the stream. A user's latest entry decides: someone who
    /// left and then shares a room again is changed, someone who changed and then left is left.
    /// </summary>
    private static DeviceListChanges DeviceListsIn(IEnumerable<InboxEntry> entries)
    {
        var latest = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Kind is not (InboxEntryKind.DeviceList or InboxEntryKind.DeviceListLeft) || entry.Data is null)
                continue;
            foreach (var user in entry.Data.Split('\n'))
                latest[user] = entry.Kind == InboxEntryKind.DeviceListLeft;
        }

        return new DeviceListChanges(
            latest.Where(u => !u.Value).Select(u => u.Key).ToList(),
            latest.Where(u => u.Value).Select(u => u.Key).ToList());
    }
}
