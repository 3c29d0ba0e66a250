using System.Text.Json;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Accounts;

public sealed partial class AccountGrain
{
    /// <summary>Room tags live in the room's account data as <c>{"tags": {tag: content}}</c> (spec: Room Tagging).</summary>
    private const string TagType = "m.tag";

    public Task SetRoomTagAsync(RoomId room, string tag, JsonElement? content)
    {
        var tags = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        if (Account.AccountData.TryGetValue(Key(room, TagType), out var record)
            && record.Content is { ValueKind: JsonValueKind.Object } current
            && current.TryGetProperty("tags", out var existing) && existing.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in existing.EnumerateObject())
                tags[entry.Name] = entry.Value;
        }

        if (content is { } value)
            tags[tag] = value;
        else if (!tags.Remove(tag))
            return Task.CompletedTask;
        return SetAccountDataAsync(room, TagType, JsonSerializer.SerializeToElement(new { tags }));
    }
}
