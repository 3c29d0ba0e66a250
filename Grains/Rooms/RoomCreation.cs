using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>
/// The events createRoom makes after the create event, in the order the specification gives: the
/// creator's join, power levels, canonical alias, the preset's join rules, history visibility and guest
/// access, initial_state, name, topic. Invites follow as membership changes.
/// </summary>
internal static class RoomCreation
{
    public const string PublicChat = "public_chat";
    public const string PrivateChat = "private_chat";
    public const string TrustedPrivateChat = "trusted_private_chat";

    /// <summary>The create event's content: creation_content plus the version (and creator before v11).</summary>
    public static JsonElement CreateContent(CreateRoomCommand command, RoomVersion version)
    {
        var content = command.CreationContent is { ValueKind: JsonValueKind.Object } given
            ? JsonObject.Create(given)!.DeepClone().AsObject()
            : [];
        content["room_version"] = version.Id;
        if (version.CreatorInContent)
            content["creator"] = command.Creator.User.Value;
        else
            content.Remove("creator");
        var extra = command.AdditionalCreators.Select(u => u.Value)
            .Concat(version.PrivilegesCreators && Preset(command) == TrustedPrivateChat ? command.Invite.Select(u => u.Value) : [])
            .Where(u => u != command.Creator.User.Value).Distinct().ToList();
        if (version.PrivilegesCreators && extra.Count > 0)
            content["additional_creators"] = new JsonArray(extra.Select(u => (JsonNode)u).ToArray());
        return JsonSerializer.SerializeToElement(content);
    }

    /// <summary>The preset, defaulting from the visibility as the specification says.</summary>
    public static string Preset(CreateRoomCommand command) =>
        command.Preset ?? (command.Visibility == "public" ? PublicChat : PrivateChat);

    /// <summary>The state events after the creator's join, each (type, state key, content).</summary>
    public static IEnumerable<(string Type, string StateKey, JsonElement Content)> StateEvents(CreateRoomCommand command, RoomVersion version, RoomAlias? alias)
    {
        var preset = Preset(command);
        yield return (EventTypes.PowerLevels, "", PowerLevels(command, version, preset));
        if (alias is not null)
            yield return ("m.room.canonical_alias", "", JsonSerializer.SerializeToElement(new { alias = alias.Value }));

        yield return (EventTypes.JoinRules, "", Json(new { join_rule = preset == PublicChat ? JoinRule.Public : JoinRule.Invite }));
        yield return (EventTypes.HistoryVisibility, "", Json(new { history_visibility = "shared" }));
        if (preset != PublicChat)
            yield return ("m.room.guest_access", "", Json(new { guest_access = "can_join" }));

        foreach (var state in command.InitialState)
            yield return (state.Type, state.StateKey, state.Content);

        // name and topic come after initial_state, so they overwrite its m.room.name and m.room.topic.
        if (command.Name is not null)
            yield return ("m.room.name", "", Json(new { name = command.Name }));
        if (command.Topic is not null)
            yield return ("m.room.topic", "", TopicContent(command.Topic));
    }

    private static JsonElement TopicContent(string topic) => JsonSerializer.SerializeToElement(new JsonObject
    {
        ["topic"] = topic,
        ["m.topic"] = new JsonObject { ["m.text"] = new JsonArray(new JsonObject { ["body"] = topic, ["mimetype"] = "text/plain" }) },
    });

    private static JsonElement PowerLevels(CreateRoomCommand command, RoomVersion version, string preset)
    {
        var users = new JsonObject();
        if (!version.PrivilegesCreators)
        {
            users[command.Creator.User.Value] = 100;
            if (preset == TrustedPrivateChat)
            {
                foreach (var invitee in command.Invite)
                    users[invitee.Value] = 100;
            }
        }

        var content = new JsonObject
        {
            ["users"] = users,
            ["users_default"] = 0,
            ["events"] = new JsonObject
            {
                ["m.room.name"] = 50,
                ["m.room.power_levels"] = 100,
                ["m.room.history_visibility"] = 100,
                ["m.room.canonical_alias"] = 50,
                ["m.room.avatar"] = 50,
                ["m.room.tombstone"] = 100,
                ["m.room.server_acl"] = 100,
                ["m.room.encryption"] = 100,
            },
            ["events_default"] = 0,
            ["state_default"] = 50,
            ["ban"] = 50,
            ["kick"] = 50,
            ["redact"] = 50,
            ["invite"] = 0,
            ["historical"] = 100,
        };
        if (command.PowerLevelContentOverride is { ValueKind: JsonValueKind.Object } overrides)
        {
            foreach (var property in overrides.EnumerateObject())
                content[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        return JsonSerializer.SerializeToElement(content);
    }

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);
}
