using System.Text.Json;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Push;

namespace Tangle.Protocol.Tests.Push;

/// <summary>Events and contexts for push rule tests: alice's rules, events sent by bob into a room.</summary>
internal static class PushEvents
{
    public const string Alice = "@alice:example.org";
    public const string Bob = "@bob:example.org";
    public const string Room = "!room:example.org";

    public static JsonElement JsonOf(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>An event from bob in the room; <paramref name="rest"/> adds top-level fields such as type and content.</summary>
    public static JsonElement Event(string rest, string sender = Bob) =>
        JsonOf($$"""{"event_id":"$e:example.org","room_id":"{{Room}}","sender":"{{sender}}","origin_server_ts":1,{{rest}}}""");

    public static JsonElement Message(string content, string type = "m.room.message") =>
        Event($$"""  "type":"{{type}}","content":{{content}}  """);

    public static JsonElement Text(string body) => Message($$"""{"msgtype":"m.text","body":{{JsonSerializer.Serialize(body)}}}""");

    public static PushContext Group(long senderPower = 0, string? displayName = "Alice", IReadOnlyDictionary<string, long>? notifications = null) => new()
    {
        UserId = Alice,
        DisplayName = displayName,
        MemberCount = 5,
        SenderPowerLevel = senderPower,
        NotificationPowerLevels = notifications ?? new Dictionary<string, long>(),
    };

    public static PushContext OneToOne() => Group() with { MemberCount = 2 };

    public static PushRuleset Defaults() => PushRuleset.Parse(DefaultPushRules.For(UserId.From(Alice)));

    public static PushRuleEvaluator DefaultEvaluator() => new(Defaults());

    /// <summary>A ruleset of one kind holding the given rules (JSON objects).</summary>
    public static PushRuleset Only(PushRuleKind kind, params string[] rules) =>
        PushRuleset.Parse(JsonOf($$"""{"{{kind.Name()}}":[{{string.Join(",", rules)}}]}"""));

    /// <summary>An override rule with the given conditions (a JSON array) and a plain notify action.</summary>
    public static PushRuleEvaluator Conditions(string conditions) =>
        new(Only(PushRuleKind.Override, $$"""{"rule_id":"test","default":false,"enabled":true,"conditions":{{conditions}},"actions":["notify"]}"""));

    public static bool Matches(this PushRuleEvaluator evaluator, JsonElement pdu, PushContext? context = null) =>
        evaluator.Evaluate(pdu, context ?? Group()) is not null;
}
