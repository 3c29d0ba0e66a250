using System.Buffers;
using System.Text.Json;
using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Federation;

/// <summary>The body of <c>PUT /_matrix/federation/v1/send/{txnId}</c>.</summary>
internal static class TransactionBodies
{
    /// <summary>The most PDUs one transaction may carry (the spec's limit).</summary>
    public const int MaxPdus = 50;

    /// <summary>The most EDUs one transaction may carry (the spec's limit).</summary>
    public const int MaxEdus = 100;

    /// <summary>
    /// <c>{"origin", "origin_server_ts", "pdus", "edus"}</c>, the PDUs as queued (their canonical JSON) and
    /// <c>edus</c> left out when there are none, as the spec allows.
    /// </summary>
    public static JsonElement Write(ServerName origin, OutboundTransaction transaction)
    {
        var output = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("origin", origin.Value);
            writer.WriteNumber("origin_server_ts", transaction.OriginServerTs);
            writer.WriteStartArray("pdus");
            foreach (var pdu in transaction.Pdus)
                writer.WriteRawValue(pdu);
            writer.WriteEndArray();
            if (transaction.Edus.Count > 0)
            {
                writer.WriteStartArray("edus");
                foreach (var edu in transaction.Edus)
                {
                    writer.WriteStartObject();
                    writer.WriteString("edu_type", edu.Type);
                    writer.WritePropertyName("content");
                    writer.WriteRawValue(edu.Content);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(output.WrittenMemory);
        return document.RootElement.Clone();
    }
}
