using System.Buffers;
using System.Text.Json;
using Tangle.Protocol.Json;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Events;

/// <summary>The redaction algorithm of each room version, applied to an event's federation JSON.</summary>
public static class Redaction
{
    /// <summary>The redacted form of <paramref name="pdu"/>, keeping signatures and hashes.</summary>
    public static JsonElement Redact(JsonElement pdu, RoomVersion version)
    {
        var output = new ArrayBufferWriter<byte>(512);
        WriteRedacted(output, pdu, version, []);
        var reader = new Utf8JsonReader(output.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>
    /// Writes the redacted form as canonical JSON, leaving out <paramref name="skippedKeys"/> as well;
    /// signing and the reference hash skip signatures and unsigned this way without building a copy.
    /// </summary>
    public static void WriteRedacted(IBufferWriter<byte> output, JsonElement pdu, RoomVersion version, ReadOnlySpan<string> skippedKeys)
    {
        var rules = version.Redaction;
        var type = pdu.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
            ? typeElement.GetString()
            : null;
        var members = CanonicalJson.SortedMembers(pdu, skippedKeys, out var count);
        try
        {
            output.Write("{"u8);
            var first = true;
            for (var i = 0; i < count; i++)
            {
                var property = members[i].Property;
                if (!rules.TopLevelKeys.Contains(property.Name))
                    continue;
                if (!first)
                    output.Write(","u8);
                first = false;
                CanonicalJson.WriteEscaped(output, members[i].NameBytes);
                output.Write(":"u8);
                if (property.NameEquals("content") && property.Value.ValueKind == JsonValueKind.Object)
                    WriteRedactedContent(output, property.Value, type, version);
                else
                    CanonicalJson.Write(output, property.Value, version.Numbers);
            }

            output.Write("}"u8);
        }
        finally
        {
            ArrayPool<CanonicalJson.Member>.Shared.Return(members, clearArray: true);
        }
    }

    private static void WriteRedactedContent(IBufferWriter<byte> output, JsonElement content, string? type, RoomVersion version)
    {
        var rules = version.Redaction;
        if (type == EventTypes.Create && rules.KeepsAllCreateContent)
        {
            CanonicalJson.Write(output, content, version.Numbers);
            return;
        }

        rules.ContentKeys.TryGetValue(type ?? string.Empty, out var allowed);
        var members = CanonicalJson.SortedMembers(content, [], out var count);
        try
        {
            output.Write("{"u8);
            var first = true;
            for (var i = 0; i < count; i++)
            {
                var property = members[i].Property;
                var keep = allowed?.Contains(property.Name) == true;
                var thirdPartySigned = !keep && type == EventTypes.Member && rules.KeepsThirdPartyInviteSigned
                    && property.NameEquals("third_party_invite") && property.Value.ValueKind == JsonValueKind.Object
                    && property.Value.TryGetProperty("signed", out _);
                if (!keep && !thirdPartySigned)
                    continue;
                if (!first)
                    output.Write(","u8);
                first = false;
                CanonicalJson.WriteEscaped(output, members[i].NameBytes);
                output.Write(":"u8);
                if (thirdPartySigned)
                {
                    output.Write("{\"signed\":"u8);
                    CanonicalJson.Write(output, property.Value.GetProperty("signed"), version.Numbers);
                    output.Write("}"u8);
                }
                else
                {
                    CanonicalJson.Write(output, property.Value, version.Numbers);
                }
            }

            output.Write("}"u8);
        }
        finally
        {
            ArrayPool<CanonicalJson.Member>.Shared.Return(members, clearArray: true);
        }
    }
}
